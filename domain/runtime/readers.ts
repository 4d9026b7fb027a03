/**
 * Messages depend on who reads them. The same refusal reads differently to the person it is about ("ask your
 * village's collector") and to the collector acting for them (who is that collector): an error that tells the
 * reader what to do is written once per reader, and the one raising it picks the reader.
 */

/** Who reads a message: the person it is about, or a staff member acting in their scope. */
export type Reader = 'person' | 'staff';

/** The text for `reader` among texts written for each reader. */
export function forReader(reader: Reader, texts: Readonly<Record<Reader, string>>): string {
  return texts[reader];
}
