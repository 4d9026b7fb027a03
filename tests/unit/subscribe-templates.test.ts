/**
 * Subscribe messages WeChat would refuse never leave: every template is declared with its field types, values
 * are shaped to them in one place, and every status message of every case type (and every staff reminder)
 * passes the local cloud's independent check of WeChat's rules (thing ≤ 20, phrase ≤ 5 Chinese characters…).
 */
import '../../domain/catalog';
import '../../domain/aid/case-types';
import { caseTypes } from '../../domain/cases/registry';
import { statusNotification } from '../../domain/cases/service';
import { staffNotice } from '../../domain/notify/staff';
import { shapeValue, SUBSCRIBE_TEMPLATES, templateIdOf } from '../../domain/notify/templates';
import { checkTemplateData, validTemplateValue } from '../../local/cloud/openapi/subscribe';

const consoleTemplate = (purpose: keyof typeof SUBSCRIBE_TEMPLATES) => ({
  id: SUBSCRIBE_TEMPLATES[purpose].placeholder,
  keys: Object.keys(SUBSCRIBE_TEMPLATES[purpose].fields),
});

describe('subscribe-message templates', () => {
  const now = new Date('2026-05-14T02:30:00Z');

  it('shapes every state label of every case type into a message WeChat accepts', () => {
    const types = caseTypes();
    expect(types.map((t) => t.type)).toEqual(expect.arrayContaining(['appeal', 'student_aid', 'hardship_aid']));
    for (const decl of types) {
      for (const [state, s] of Object.entries(decl.states)) {
        const doc = statusNotification(
          decl,
          { _id: 'c1', applicantOpenid: 'o1', categoryLabel: '一个很长很长的类别名称用来测试截断是否正确' },
          state,
          '一段很长的说明文字，超过二十个字符的时候必须截断而不能让微信拒绝',
          now,
        );
        expect([decl.type, state, s.label, checkTemplateData(consoleTemplate('case_status'), doc.data)]).toEqual([
          decl.type,
          state,
          s.label,
          null,
        ]);
      }
    }
  });

  it('shapes phrases as the first clause in Chinese characters, at most five', () => {
    expect(shapeValue('phrase', '审批通过，待公示')).toBe('审批通过');
    expect(shapeValue('phrase', '发放失败，待更正银行卡')).toBe('发放失败');
    expect(shapeValue('phrase', '待补充材料')).toBe('待补充材料');
    expect(shapeValue('phrase', '公示期满待发放')).toBe('公示期满待');
    expect(shapeValue('phrase', 'OK')).toBe('已更新');
    for (const v of ['审批通过', '待补充材料', '已更新']) expect(validTemplateValue('phrase2', v)).toBe(true);
  });

  it('clips things to 20 characters, formats times in China time, and never leaves a field empty', () => {
    const long = '一二三四五六七八九十'.repeat(3);
    expect([...shapeValue('thing', long)]).toHaveLength(20);
    expect(validTemplateValue('thing1', shapeValue('thing', long))).toBe(true);
    expect(shapeValue('thing', '   ')).toBe('无');
    expect(shapeValue('time', now)).toBe('2026年5月14日 10:30');
    expect(validTemplateValue('time3', shapeValue('time', now))).toBe(true);
    expect(shapeValue('date', now)).toBe('2026年5月14日');
    expect(validTemplateValue('character_string1', shapeValue('character_string', 'No. 2026-0001 号'))).toBe(true);
    expect(validTemplateValue('name1', shapeValue('name', '欧阳张三丰李四王五赵六钱'))).toBe(true);
  });

  it('shapes staff reminders the same way', () => {
    const doc = staffNotice(
      { _id: 'c1', categoryLabel: '欠薪' },
      '诉求',
      'o2',
      '已超时',
      '请尽快办理（万家乡翠林山村村民委员会）',
      now,
    );
    expect(checkTemplateData(consoleTemplate('staff_reminder'), doc.data)).toBeNull();
  });

  it('takes template ids from the project variables, else the placeholder', () => {
    expect(templateIdOf('case_status', {})).toBe('CASE_PROGRESS_TEMPLATE_ID');
    expect(templateIdOf('case_status', { UNION_TPL_CASE_STATUS: ' real-id ' })).toBe('real-id');
    expect(templateIdOf('staff_reminder', { UNION_TPL_STAFF_REMINDER: '' })).toBe('STAFF_TODO_TEMPLATE_ID');
  });
});
