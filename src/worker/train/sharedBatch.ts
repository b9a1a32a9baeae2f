/**
 * A step's batches in shared memory, for the policy threads: the caller copies each batch's typed-array
 * fields into buffers that grow as needed (sent to the threads once), and a thread reads a slice's rows
 * from them. Fields travel by name, whatever fields the data pipeline gives a batch.
 */

/**
 * A typed-array field of a batch in shared memory, one row of `per` values per sample. The batches are
 * shared field by field, whatever fields the data pipeline gives them, so a field it adds travels too.
 */
export interface FieldLayout {
  key: string;
  int: boolean;
  per: number;
}
type Rows = Float32Array | Int32Array;

/** One batch's rows for a slice: bounds, the layout, and the buffers of fields that are new this step. */
export interface SharedSlice {
  start: number;
  end: number;
  /** The whole batch's size: a slice's losses are weighted by (its rows) / size. */
  size: number;
  fields: FieldLayout[];
  buffers?: Record<string, SharedArrayBuffer>;
}

const F32 = Float32Array.BYTES_PER_ELEMENT;

export type Batch = { size: number } & Record<string, unknown>;

/** The caller's side of one shared batch: copies its typed arrays into buffers that grow as needed. */
export class BatchWriter {
  private readonly fields = new Map<string, { view: Rows; buffer: SharedArrayBuffer }>();

  constructor(private readonly name: string) {}

  /** Copies `batch` in; returns its layout and the buffers allocated now (the threads have the others). */
  write(batch: Batch): Pick<SharedSlice, 'fields' | 'buffers'> {
    const fields: FieldLayout[] = [];
    let buffers: Record<string, SharedArrayBuffer> | undefined;
    for (const [key, value] of Object.entries(batch)) {
      if (key === 'size' || value === undefined) continue;
      const int = value instanceof Int32Array;
      if (!int && !(value instanceof Float32Array)) throw new Error(`${this.name} batch field ${key} is not a Float32Array or Int32Array`);
      const per = value.length / batch.size;
      if (!Number.isInteger(per)) throw new Error(`${this.name} batch field ${key} holds ${value.length} values, not a whole row for each of ${batch.size} samples`);
      let field = this.fields.get(key);
      if (!field || field.view instanceof Int32Array !== int || field.view.length < value.length) {
        const buffer = new SharedArrayBuffer(value.length * F32);
        field = { view: int ? new Int32Array(buffer) : new Float32Array(buffer), buffer };
        this.fields.set(key, field);
        (buffers ??= {})[key] = buffer;
      }
      field.view.set(value);
      fields.push({ key, int, per });
    }
    return { fields, ...(buffers && { buffers }) };
  }
}

/** A thread's side of the shared batches: views of every buffer the caller has sent, by batch and field. */
export class BatchReader {
  private readonly views = new Map<string, Rows>();

  /** The fields of `s` (registering buffers new this step), to take rows from. */
  source(name: string, s: SharedSlice): Record<string, Rows> {
    for (const [key, buffer] of Object.entries(s.buffers ?? {})) {
      const int = s.fields.find((f) => f.key === key)?.int;
      this.views.set(`${name}/${key}`, int ? new Int32Array(buffer) : new Float32Array(buffer));
    }
    const out: Record<string, Rows> = {};
    for (const f of s.fields) {
      const view = this.views.get(`${name}/${f.key}`);
      if (!view) throw new Error(`no shared buffer for ${name} batch field ${f.key}`);
      out[f.key] = view;
    }
    return out;
  }
}

/** Rows [start, end) of every field, copied: tensors must not alias memory the caller rewrites. */
export function rowsOf<T>(source: Record<string, unknown>, s: Pick<SharedSlice, 'start' | 'end' | 'fields'>): T {
  const out: Record<string, unknown> = { size: s.end - s.start };
  for (const f of s.fields) out[f.key] = (source[f.key] as Rows).slice(s.start * f.per, s.end * f.per);
  return out as T;
}

