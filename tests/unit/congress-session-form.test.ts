/**
 * The congress page's form: what people typed becomes the session's record (agenda one item a line, blank rows
 * dropped, an assembly without a delegates' make-up), and a refusal naming a row is shown beside its list with the
 * row's number.
 */
import { emptySession, errorSlot, sessionInput } from '../../miniprogram/staff/pages/congress/session-form';

describe('the congress session form', () => {
  it('starts as a congress of delegates from 100 workers, an assembly below', () => {
    expect(emptySession('2026-12-07', 100).form).toBe('delegates');
    expect(emptySession('2026-12-07', 99).form).toBe('assembly');
    expect(emptySession('2026-12-07', 99).openAffairs).toEqual([{ item: '', disclosedOn: '2026-12-07' }]);
  });

  it('turns what was typed into the record', () => {
    const s = {
      ...emptySession('2026-12-07', 260),
      delegatesTotal: '30',
      present: '27',
      frontLine: '16',
      managers: '5',
      women: '',
      agenda: ' 审议工资专项集体合同草案 \n\n听取厂务公开情况报告\n',
      resolutions: [
        { title: '通过草案', inFavour: '25', against: '1', abstain: '' },
        { title: '', inFavour: '', against: '', abstain: '' },
      ],
      openAffairs: [
        { item: '', disclosedOn: '2026-12-07' },
        { item: '福利费使用情况', disclosedOn: '2026-12-01' },
      ],
    };
    expect(sessionInput(s, 'u1')).toEqual({
      unitId: 'u1',
      termNo: 1,
      sessionNo: 1,
      heldOn: '2026-12-07',
      form: 'delegates',
      delegatesTotal: 30,
      present: 27,
      frontLine: 16,
      managers: 5,
      women: 0,
      agenda: ['审议工资专项集体合同草案', '听取厂务公开情况报告'],
      resolutions: [{ title: '通过草案', inFavour: 25, against: 1, abstain: 0 }],
      openAffairs: [{ item: '福利费使用情况', disclosedOn: '2026-12-01' }],
    });
    // An assembly of all workers has no make-up to check; a missing count stays missing for the server to name.
    const assembly = sessionInput({ ...s, form: 'assembly', frontLine: '9', present: '' }, 'u1');
    expect(assembly).toMatchObject({ frontLine: 0, managers: 0 });
    expect(Number.isNaN(assembly.present)).toBe(true);
  });

  it('puts a refusal beside the part of the form it names', () => {
    expect(errorSlot('resolutions.1.inFavour', '票数合计不能多于实到人数')).toEqual({
      slot: 'resolutions',
      message: '第 2 项决议：票数合计不能多于实到人数',
    });
    expect(errorSlot('agenda.0', '议程至少 2 个字')).toEqual({
      slot: 'agenda',
      message: '第 1 项议程：议程至少 2 个字',
    });
    expect(errorSlot('frontLine', '不足 50%')).toEqual({ slot: 'frontLine', message: '不足 50%' });
    expect(errorSlot(undefined, '网络不可用')).toEqual({ slot: 'session', message: '网络不可用' });
  });
});
