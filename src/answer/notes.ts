/** What a reader takes in under an answer: a few notes, not a log of everything the checks did. */
const MAX_NOTES = 3;

/** Each note once, the first MAX_NOTES of them, and how many more there were. */
export function boundedNotes(notes: readonly string[]): string[] {
  const distinct = [...new Set(notes)];
  if (distinct.length <= MAX_NOTES) return distinct;
  const more = distinct.length - MAX_NOTES;
  return [...distinct.slice(0, MAX_NOTES), `…and ${more} more note${more > 1 ? 's' : ''}.`];
}
