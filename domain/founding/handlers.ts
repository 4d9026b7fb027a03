/** Handlers of the `founding` function (`typings/founding.ts`): thin wiring of identity and the founding modules. */
import type { foundingContract } from '../../typings/founding';
import type { Handlers } from '../runtime/function';
import { AppError } from '../runtime/errors';
import { loadActor } from '../people/actor';
import { relation } from '../cases/machine';
import { writeAudit } from '../audit/audit';
import { joinFounding, joinLink, joinPreview, visibleFounding } from './recruits';
import { foundingBoard } from './board';
import { FOUNDING_DOCUMENTS } from './store';
import type { ApprovalRecord } from './effects';

export const foundingHandlers: Handlers<typeof foundingContract> = {
  joinLink: ({ caseId }, ctx) => joinLink(ctx, caseId),
  joinPreview: ({ code }, ctx) => joinPreview(ctx, code),
  join: (input, ctx) => joinFounding(ctx, input),
  board: ({ nodeId }, ctx) => foundingBoard(ctx, nodeId),

  async approval({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    const c = await visibleFounding(ctx, actor, caseId);
    const doc = (
      await ctx.db
        .collection(FOUNDING_DOCUMENTS)
        .doc(`${c._id}:approval`)
        .get()
        .catch(() => ({ data: null }))
    ).data as ApprovalRecord | null;
    if (!doc) throw new AppError('PRECONDITION_FAILED', '选举结果批复后才有批复文件');
    const temp = (await ctx.cloud.getTempFileURL({ fileList: [{ fileID: doc.fileID, maxAge: 600 }] })) as {
      fileList: { fileID: string; tempFileURL: string; status?: number }[];
    };
    const url = temp.fileList[0]?.tempFileURL ?? '';
    if (!url) throw new AppError('INTERNAL', '批复文件暂时无法打开，请稍后重试');
    if (relation(c, actor) !== 'applicant' && actor.staff)
      await writeAudit(ctx, {
        action: 'file.view',
        targetType: 'case',
        targetId: c._id,
        detail: { file: 'founding.approval' },
        actor: {
          openid: actor.openid,
          personId: actor.personId,
          staff: { ...actor.staff, gridPath: [...actor.staff.gridPath] },
        },
      });
    return { docNumber: doc.docNumber, title: doc.title, url, issuedOn: doc.issuedOn };
  },
};
