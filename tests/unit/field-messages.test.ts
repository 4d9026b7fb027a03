/**
 * The message layer: a missing value says what to do, a wrong value says what is wrong, and no message a person
 * reads carries a field path or zod's technical wording — the same on the phone (`check`) and from the functions
 * (`zodFailure`, the engine's form check).
 */
import type { z } from 'zod';
import '../../typings/api';
import {
  AidFormSchema,
  appealFormSchema,
  consultationFormSchema,
  HomeVisitInput,
  IssueInvitationInput,
  RecordConsentOnBehalfInput,
  RoundConfigSchema,
  SaveProfileInput,
  personMessage,
} from '../../typings';
import { zodFailure } from '../../domain/runtime/validation';
import { check } from '../../miniprogram/utils/form';

/** The failure a function answers for `value`, and the errors the phone shows for it. */
function bothSides(schema: z.ZodType, value: unknown) {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  const checked = check(schema, value);
  if (checked.ok) throw new Error('expected a refusal on the phone');
  return { server: zodFailure(parsed.error, 'input'), phone: checked.errors };
}

const profile = {
  name: '张测试',
  idNumber: '11010519491231002X',
  phone: '13800138000',
  homeVillageId: 't15-v01',
  categories: ['migrant'],
};

describe('a missing value says what to do', () => {
  it.each([
    ['an empty name', { ...profile, name: '' }, 'name', '请填写姓名'],
    ['no name at all', { ...profile, name: undefined }, 'name', '请填写姓名'],
    ['a blank name', { ...profile, name: '   ' }, 'name', '请填写姓名'],
    ['no village', { ...profile, homeVillageId: undefined }, 'homeVillageId', '请选择户籍村（社区）'],
    ['an empty village', { ...profile, homeVillageId: '' }, 'homeVillageId', '请选择户籍村（社区）'],
    ['no ID number', { ...profile, idNumber: '' }, 'idNumber', '请填写身份证号'],
  ])('profile: %s', (_what, value, field, message) => {
    const { server, phone } = bothSides(SaveProfileInput, value);
    expect(server).toMatchObject({ code: 'INVALID_INPUT', field, message });
    expect(phone[field]).toBe(message);
  });

  it('invitation: no role and no node ask to choose them', () => {
    const { server, phone } = bothSides(IssueInvitationInput, { inviteeName: '周新员' });
    expect(phone.role).toBe('请选择角色');
    expect(phone.gridNodeId).toBe('请选择负责的乡镇或村（社区）');
    expect(server.message).toBe('请选择角色');
  });

  it('aid form: no admission-letter photo asks to upload it, no school level asks to choose one', () => {
    const { phone } = bothSides(AidFormSchema, {
      roundId: 'r1',
      child: { name: '张小明', idNumber: '11010520100101001X', school: '松滋一中', admissionLetterFileId: '' },
    });
    expect(phone.child_admissionLetterFileId).toBe('请上传录取通知书照片');
    expect(phone.child_level).toBe('请选择学段');
  });

  it('consent on paper: no photo of the signed form asks to upload it', () => {
    const { phone } = bothSides(RecordConsentOnBehalfInput, {
      personId: 'p1',
      kind: 'sensitive_data',
      version: '2026-01',
      granted: true,
      formPhotoFileId: '',
    });
    expect(phone.formPhotoFileId).toBe('请上传签字的同意书照片');
  });

  it('appeal and consultation: nothing typed asks for it by name, too little says how much', () => {
    expect(bothSides(appealFormSchema, {}).phone).toMatchObject({
      category: '请选择诉求类别',
      facts: '请填写事实经过',
      employer: '请填写用人单位',
      contactPreference: '请选择联系方式',
    });
    expect(bothSides(appealFormSchema, { facts: '欠薪' }).phone.facts).toBe('事实经过至少 10 个字');
    expect(bothSides(consultationFormSchema, { category: 'policy', question: '孩子' }).phone.question).toBe(
      '咨询内容至少 5 个字',
    );
    expect(bothSides(HomeVisitInput, { caseId: 'c1', visitedOn: '2026-12-01', findings: '' }).phone.findings).toBe(
      '请填写走访情况',
    );
  });
});

describe('a wrong value says what is wrong', () => {
  it('names the field in words and says why', () => {
    expect(bothSides(SaveProfileInput, { ...profile, name: 'Zhang3' }).server.message).toMatch(/^姓名只能包含汉字/);
    expect(bothSides(SaveProfileInput, { ...profile, homeVillageId: 'v99' }).server.message).toBe(
      '所选的户籍村（社区）不存在，请重新选择',
    );
    expect(bothSides(IssueInvitationInput, { role: 'king', gridNodeId: 't15', inviteeName: '周新员' }).phone.role).toBe(
      '角色不正确',
    );
  });
});

describe('no message shows a field path or zod’s wording', () => {
  const samples: [string, z.ZodType, unknown][] = [
    ['appeal', appealFormSchema, { facts: { $ne: null }, attachments: ['http://x'], amountOwedFen: 1.5, extra: 1 }],
    ['aid', AidFormSchema, { applicant: [], household: { members: [{}] }, bankCard: 5 }],
    ['round', RoundConfigSchema, { programme: 'x', amounts: [{ category: 'y', amountFen: -1 }], calendar: {} }],
    ['profile', SaveProfileInput, { categories: 'migrant', workCity: '\u200B', employerTownId: 7 }],
  ];
  it.each(samples)('%s', (_name, schema, value) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) throw new Error('expected a refusal');
    const failure = zodFailure(parsed.error, 'input', 'form');
    const messages = [failure.message, ...(failure.details as { message: string }[]).map((d) => d.message)];
    for (const message of messages) {
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(message).not.toMatch(/[A-Za-z]+\.[A-Za-z]+|form\.|期望|无效输入|Invalid/);
    }
    expect(failure.field).toMatch(/^form\./);
  });

  it('turns a bare zod message into words from the field name', () => {
    expect(
      personMessage({ path: ['bankCard', 'holderName'], message: '无效输入：期望 string，实际接收 undefined' }),
    ).toBe('请填写持卡人姓名');
  });
});
