/**
 * The congress session form's state (what people type, as strings) and the record it becomes
 * (`agreements.recordSession`): the agenda one item a line, resolutions and 厂务公开 items as rows; a row left
 * blank is dropped. A server refusal names a field (`resolutions.1.inFavour`); `errorSlot` puts it beside the
 * part of the form it belongs to, with the row's number in the words.
 */

export interface ResolutionRow {
  title: string;
  inFavour: string;
  against: string;
  abstain: string;
}
export interface OpenAffairRow {
  item: string;
  disclosedOn: string;
}
export interface SessionState {
  termNo: string;
  sessionNo: string;
  heldOn: string;
  form: 'delegates' | 'assembly';
  delegatesTotal: string;
  present: string;
  frontLine: string;
  managers: string;
  women: string;
  agenda: string;
  resolutions: ResolutionRow[];
  openAffairs: OpenAffairRow[];
}

export const blankResolution = (): ResolutionRow => ({ title: '', inFavour: '', against: '', abstain: '' });
export const blankOpenAffair = (today: string): OpenAffairRow => ({ item: '', disclosedOn: today });

/** A new session: held today; a congress of delegates from 100 workers, an assembly of all below. */
export function emptySession(today: string, employees: number): SessionState {
  return {
    termNo: '1',
    sessionNo: '1',
    heldOn: today,
    form: employees >= 100 ? 'delegates' : 'assembly',
    delegatesTotal: '',
    present: '',
    frontLine: '',
    managers: '',
    women: '',
    agenda: '',
    resolutions: [blankResolution()],
    openAffairs: [blankOpenAffair(today)],
  };
}

/** `''` stays `''` (the server names the missing number); digits become a number. */
const count = (v: string): number => (v.trim() === '' ? Number.NaN : Number(v.trim()));

/** The record as `agreements.recordSession` takes it (the page passes it on; the contract checks it). */
export interface SessionRecord {
  unitId: string;
  termNo: number;
  sessionNo: number;
  heldOn: string;
  form: 'delegates' | 'assembly';
  delegatesTotal: number;
  present: number;
  frontLine: number;
  managers: number;
  women: number;
  agenda: string[];
  resolutions: { title: string; inFavour: number; against: number; abstain: number }[];
  openAffairs: { item: string; disclosedOn: string }[];
}

export function sessionInput(s: SessionState, unitId: string): SessionRecord {
  const assembly = s.form === 'assembly';
  return {
    unitId,
    termNo: count(s.termNo),
    sessionNo: count(s.sessionNo),
    heldOn: s.heldOn,
    form: s.form,
    delegatesTotal: count(s.delegatesTotal),
    present: count(s.present),
    // An assembly of all workers has no delegates' make-up to check.
    frontLine: assembly ? 0 : count(s.frontLine),
    managers: assembly ? 0 : count(s.managers),
    women: count(s.women || '0'),
    agenda: s.agenda
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
    resolutions: s.resolutions
      .filter((r) => r.title.trim() || r.inFavour || r.against || r.abstain)
      .map((r) => ({
        title: r.title.trim(),
        inFavour: count(r.inFavour || '0'),
        against: count(r.against || '0'),
        abstain: count(r.abstain || '0'),
      })),
    openAffairs: s.openAffairs
      .filter((o) => o.item.trim())
      .map((o) => ({ item: o.item.trim(), disclosedOn: o.disclosedOn })),
  };
}

const ROW_WORDS: Record<string, string> = { resolutions: '决议', openAffairs: '厂务公开事项', agenda: '议程' };

/** Where a refusal is shown: the field's own slot, or its list's slot with the row's number in the words. */
export function errorSlot(field: string | undefined, message: string): { slot: string; message: string } {
  const [head = '', index] = (field ?? '').split('.');
  if (head in ROW_WORDS && index !== undefined && /^\d+$/.test(index))
    return { slot: head, message: `第 ${Number(index) + 1} 项${ROW_WORDS[head]}：${message}` };
  if (head in ROW_WORDS) return { slot: head, message };
  return { slot: head || 'session', message };
}
