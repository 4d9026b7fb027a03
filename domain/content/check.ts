/**
 * Content security for user text: `security.msgSecCheck` v2 with the caller's openid (WeChat
 * requires the author's openid for v2). `risky` refuses the text (`CONTENT_RISKY`, naming the
 * field); `review` holds it for staff; an error or a timeout also holds it (fail closed).
 */
import type { HandlerContext } from '../runtime/context';
import { AppError } from '../runtime/errors';
import { fieldName } from '../../typings/fields';

/** msgSecCheck scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export type ContentScene = 1 | 2 | 3 | 4;

/** The verdict on a set of texts. */
export interface ContentVerdict {
  /** True when any text must wait for staff review (review, error or timeout). */
  held: boolean;
  /** Fields held and why (`review`, `error`), never the text itself. */
  heldFields: { field: string; why: 'review' | 'error' }[];
}

const TIMEOUT_MS = 3000;

/** msgSecCheck takes at most 2500 characters: a longer text is checked in parts of that size. */
export const MSG_SEC_CHECK_MAX_CHARS = 2500;

/** `text` cut into parts of at most `max` characters (code points, so no character is split). */
export function textParts(text: string, max = MSG_SEC_CHECK_MAX_CHARS): string[] {
  const chars = [...text];
  const parts: string[] = [];
  for (let i = 0; i < chars.length; i += max) parts.push(chars.slice(i, i + max).join(''));
  return parts;
}

const SEVERITY = ['pass', 'review', 'error', 'risky'] as const;

type MsgSecResult = { errCode?: number; result?: { suggest?: string; label?: number } };

/** Labels of msgSecCheck v2 (for the refusal message). */
const LABELS: Record<number, string> = {
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他',
};

/** Check one text, in parts when it is long: the worst verdict of its parts. */
async function checkOne(
  ctx: HandlerContext,
  text: string,
  scene: ContentScene,
  timeoutMs: number,
): Promise<'pass' | 'risky' | 'review' | 'error'> {
  const verdicts = await Promise.all(textParts(text).map((part) => checkPart(ctx, part, scene, timeoutMs)));
  return verdicts.reduce((worst, v) => (SEVERITY.indexOf(v) > SEVERITY.indexOf(worst) ? v : worst), 'pass');
}

async function checkPart(
  ctx: HandlerContext,
  text: string,
  scene: ContentScene,
  timeoutMs: number,
): Promise<'pass' | 'risky' | 'review' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const call = ctx.cloud.openapi.security.msgSecCheck({
      openid: ctx.identity.openid,
      scene,
      version: 2,
      content: text,
    }) as Promise<MsgSecResult>;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const res = await Promise.race([call, timeout]);
    if (res === 'timeout') return 'error';
    const suggest = res.result?.suggest;
    if (suggest === 'pass') return 'pass';
    if (suggest === 'risky') return 'risky';
    if (suggest === 'review') return 'review';
    return 'error';
  } catch (error) {
    ctx.log.warn('msgSecCheck failed; holding the text for review', {
      code: (error as { errCode?: unknown })?.errCode ?? null,
    });
    return 'error';
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * Check every text (empty ones are skipped). Throws `CONTENT_RISKY` naming the first risky field;
 * otherwise answers whether anything is held. Texts are checked in parallel.
 */
export async function checkTexts(
  ctx: HandlerContext,
  texts: readonly { field: string; text: string | undefined }[],
  scene: ContentScene = 2,
  timeoutMs = TIMEOUT_MS,
): Promise<ContentVerdict> {
  const present = texts.filter((t): t is { field: string; text: string } => Boolean(t.text && t.text.trim()));
  const verdicts = await Promise.all(present.map((t) => checkOne(ctx, t.text, scene, timeoutMs)));
  const riskyIndex = verdicts.indexOf('risky');
  if (riskyIndex >= 0) {
    const field = present[riskyIndex].field;
    throw new AppError('CONTENT_RISKY', `“${fieldLabel(field)}”含有违规内容，请修改后再提交`, field);
  }
  const heldFields = present
    .map((t, i) => ({ field: t.field, why: verdicts[i] }))
    .filter((v): v is { field: string; why: 'review' | 'error' } => v.why === 'review' || v.why === 'error');
  return { held: heldFields.length > 0, heldFields };
}

const fieldLabel = (field: string) => fieldName(field, '内容');

export { LABELS as MSG_SEC_LABELS };
