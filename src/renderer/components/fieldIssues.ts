/**
 * The zod issues in a rejected call's details (ApiError 'invalid_input'), keyed by their dotted path
 * ("variants", "ensemble.decay") so a form shows each beside its field; the first issue of a field wins.
 * `under` drops that leading path part, for a form that edits one part of the input (e.g. "config").
 */
export function issuesByField(error: unknown, under?: string): Record<string, string> {
  const details = (error as { details?: unknown })?.details;
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const d of details) {
    if (!Array.isArray(d?.path) || typeof d?.message !== 'string') continue;
    const path = under !== undefined && d.path[0] === under ? d.path.slice(1) : d.path;
    const key = path.map(String).join('.');
    if (key && !(key in out)) out[key] = d.message;
  }
  return out;
}
