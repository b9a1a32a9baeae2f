/** Label classes: the project-wide vocabulary annotations point at. */
import type { Db } from '../connection';
import { rowId } from '../codec';

export interface NewLabelClass {
  /** Given only when undo re-creates a deleted class under its old id. */
  id?: number;
  name: string;
  color: string;
  description?: string;
  createdAt?: number;
}

export interface LabelClass {
  id: number;
  name: string;
  color: string;
  description: string;
  createdAt: number;
}

export type LabelClassPatch = Partial<Pick<LabelClass, 'name' | 'color' | 'description'>>;

export class LabelClassInUseError extends Error {
  constructor(
    readonly id: number,
    readonly annotationCount: number,
  ) {
    super(`label class ${id} is used by ${annotationCount} annotations; relabel or delete them first`);
    this.name = 'LabelClassInUseError';
  }
}

const COLUMNS = 'id, name, color, description, created_at AS createdAt';

export function createLabelsRepository(db: Db) {
  const insertStmt = db.prepare(`INSERT INTO label_classes (id, name, color, description, created_at)
    VALUES (@id, @name, @color, @description, @createdAt)`);
  const getStmt = db.prepare<[number], LabelClass>(`SELECT ${COLUMNS} FROM label_classes WHERE id = ?`);
  const byNameStmt = db.prepare<[string], LabelClass>(`SELECT ${COLUMNS} FROM label_classes WHERE name = ?`);
  const listStmt = db.prepare<[], LabelClass>(`SELECT ${COLUMNS} FROM label_classes ORDER BY name`);
  const updateStmt = db.prepare(`UPDATE label_classes SET name = coalesce(@name, name), color = coalesce(@color, color),
      description = coalesce(@description, description)
    WHERE id = @id`);
  const usageStmt = db.prepare<[number], number>('SELECT count(*) FROM annotations WHERE label_class_id = ?').pluck();
  const deleteStmt = db.prepare<[number]>('DELETE FROM label_classes WHERE id = ?');

  return {
    insert(input: NewLabelClass): number {
      const result = insertStmt.run({
        id: input.id ?? null,
        name: input.name,
        color: input.color,
        description: input.description ?? '',
        createdAt: input.createdAt ?? Date.now(),
      });
      return rowId(result.lastInsertRowid);
    },
    get(id: number): LabelClass | undefined {
      return getStmt.get(id);
    },
    /** Names compare without case: "Cup" and "cup" are one class. */
    getByName(name: string): LabelClass | undefined {
      return byNameStmt.get(name);
    },
    list(): LabelClass[] {
      return listStmt.all();
    },
    update(id: number, patch: LabelClassPatch): boolean {
      return (
        updateStmt.run({ id, name: patch.name ?? null, color: patch.color ?? null, description: patch.description ?? null })
          .changes > 0
      );
    },
    usage(id: number): number {
      return usageStmt.get(id) ?? 0;
    },
    /** Refuses while annotations use the class (the key is RESTRICT), so no annotation loses its label silently. */
    delete(id: number): boolean {
      const used = usageStmt.get(id) ?? 0;
      if (used > 0) throw new LabelClassInUseError(id, used);
      return deleteStmt.run(id).changes > 0;
    },
  };
}

export type LabelsRepository = ReturnType<typeof createLabelsRepository>;
