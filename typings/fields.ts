/**
 * The message layer of every input: what a person is told when a value is missing or wrong, on the phone
 * (instant feedback) and from the functions alike.
 *
 * - A missing value says what to do: `请填写姓名`, `请选择村（社区）`, `请上传录取通知书照片`.
 * - A wrong value says what is wrong, naming the field in words: `姓名只能包含汉字…`.
 * - A message never carries a field path (`form.facts`): the path travels apart, in `field`.
 *
 * Field schemas take their label here ({@link fieldError}, {@link choice}); {@link FIELD_LABELS} names the
 * common fields for the few places that only know a path (content checks, a message zod wrote itself).
 */
import { z } from 'zod';

/** How a person gives a value: typed in, chosen from a list, or uploaded. */
export type FieldVerb = '填写' | '选择' | '上传';

/** True for a value a person has not given: nothing, blank text, an empty list. */
export function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

/** `请填写姓名` / `请选择村（社区）` / `请上传录取通知书照片`. */
export const missingMessage = (label: string, verb: FieldVerb = '填写') => `请${verb}${label}`;

/**
 * A zod error function: a missing value asks for it (`请选择角色`); any other failure says `wrong`
 * (`角色不正确`). Use it as `{ error: fieldError('角色', '角色不正确', '选择') }`.
 */
export function fieldError(label: string, wrong: string, verb: FieldVerb = '填写') {
  return (issue: { input?: unknown }) => (isBlank(issue.input) ? missingMessage(label, verb) : wrong);
}

/** One of a fixed list of values, chosen by a person: missing → `请选择<label>`, anything else → `<label>不正确`. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, label: string, wrong?: string) {
  return z.enum(values, { error: fieldError(label, wrong ?? `${label}不正确`, '选择') });
}

/** A file in this environment's cloud storage (`cloud://env.bucket/path`), uploaded by the person. */
export function cloudFile(label: string) {
  const wrong = `${label}不是有效的上传文件，请重新上传`;
  return z
    .string({ error: fieldError(label, wrong, '上传') })
    .max(300, { error: wrong })
    .regex(/^cloud:\/\/[A-Za-z0-9._-]+\/[^\s]+$/, { error: fieldError(label, wrong, '上传') });
}

/** The zod definition fields {@link maxLengthOf} walks through (zod's own, stable across v4). */
interface SchemaDef {
  type?: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  checks?: { _zod: { def: { check?: string; maximum?: number } } }[];
}

/**
 * The most characters a text field of `schema` takes at `path` (`facts`, `child.school`, `bankCard.holderName`;
 * a field of a list's rows with or without the row number: `prepGroup.name` = `prepGroup.0.name`), read from the
 * contract itself, so the phone's limit is the function's; 0 when the field has none.
 */
export function maxLengthOf(schema: z.ZodType, path: string): number {
  let def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  const parts = path.split('.');
  for (let guard = 0; guard < 40; guard++) {
    const inner = def.innerType ?? def.in;
    if (def.type === 'object' && parts.length && def.shape?.[parts[0]])
      def = def.shape[parts.shift() as string]._zod.def;
    else if (def.type === 'array' && def.element) {
      if (parts.length && /^\d+$/.test(parts[0])) parts.shift();
      def = def.element._zod.def;
    } else if (inner && def.type !== 'object') def = inner._zod.def;
    else break;
  }
  if (parts.length || def.type !== 'string') return 0;
  const maxima = (def.checks ?? []).map((c) => c._zod.def).filter((c) => c.check === 'max_length');
  return maxima.length ? Math.min(...maxima.map((c) => c.maximum ?? Infinity)) : 0;
}

/**
 * The limits of several fields at once: `{ facts: 2000, employer: 60 }` for `{ facts: 'facts', … }`. A path that
 * reaches no limited text field throws: WeChat's `maxlength="0"` would leave a field nobody can type into.
 */
export function maxLengths<K extends string>(schema: z.ZodType, paths: Record<K, string>): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(paths) as K[]) {
    out[key] = maxLengthOf(schema, paths[key]);
    if (!out[key]) throw new Error(`maxLengths: the contract has no text limit at ${paths[key]}`);
  }
  return out;
}

/**
 * Names of the fields people fill in, by the last part of their path. Used where only a path is known:
 * the content check's refusal, and a message zod wrote without a label.
 */
export const FIELD_LABELS: Record<string, string> = {
  facts: '事实经过',
  employer: '用人单位',
  workCity: '务工城市',
  question: '咨询内容',
  comment: '说明',
  reason: '理由',
  title: '标题',
  body: '正文',
  name: '姓名',
  idNumber: '身份证号',
  phone: '手机号',
  mobile: '手机号',
  homeVillageId: '户籍村（社区）',
  villageId: '村（社区）',
  gridNodeId: '网格',
  role: '角色',
  school: '学校名称',
  level: '学段',
  admissionLetterFileId: '录取通知书照片',
  findings: '走访情况',
  description: '致困情况说明',
  bankName: '开户银行',
  holderName: '持卡人姓名',
  number: '银行卡号',
  inviteeName: '被邀请人姓名',
  attachments: '附件',
  photoFileIds: '照片',
  amountOwedFen: '拖欠金额',
  category: '类别',
  contactPreference: '联系方式',
  reply: '处理意见',
  note: '处理说明',
};

/** The label of the field at `path` (`form.facts` → `事实经过`), or '' when it has none. */
export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  return FIELD_LABELS[parts[parts.length - 1] ?? ''] ?? '';
}

/**
 * A field named for a sentence: `form.attachments.1` → `第 2 个附件`, `child.admissionLetterFileId` →
 * `录取通知书照片`; `fallback` when the path has no label.
 */
export function fieldName(path: string, fallback = '文件'): string {
  const label = fieldLabel(path) || fallback;
  const index = /\.(\d+)$/.exec(path);
  return index ? `第 ${Number(index[1]) + 1} 个${label}` : label;
}

/**
 * The message a person reads for one failed field: the schema's own (it names the field in words), or, for a
 * message zod wrote without a label, the field's name and what to do.
 */
export function personMessage(issue: { path: readonly PropertyKey[]; message: string }): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  const label = fieldLabel(issue.path.map(String).join('.'));
  const missing = /实际接收 (undefined|null)/.test(issue.message);
  if (!label) return missing ? '还有一项没有填写，请检查后再提交' : '有一项填写得不对，请检查后再提交';
  return missing ? missingMessage(label) : `${label}填写得不对，请检查`;
}

/** zod's own (locale) wording: technical, never shown to a person as it is. */
const ZOD_WORDING = /^(无效|数值过|出现未知|Invalid)|期望|中的键|中包含无效值|^[\x00-\x7f]*$/;
