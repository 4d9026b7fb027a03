/**
 * `aid.files`: the photos reviewers judge — the admission letter, the home-visit photos — as short-lived links,
 * for the applicant or staff whose scope covers the application (`visibleApplication`), through the one file-link
 * mechanism (`domain/files/links.ts`: a staff member's view is audited).
 */
import type { aidContract } from '../../typings/aid';
import type { Handlers } from '../runtime/function';
import { loadActor } from '../people/actor';
import { fileLinks, type FileToShow } from '../files/links';
import { visibleApplication } from './application-view';

export const fileHandlers: Pick<Handlers<typeof aidContract>, 'files'> = {
  async files({ caseId }, ctx) {
    const actor = await loadActor(ctx);
    const { app, own } = await visibleApplication(ctx, actor, caseId);
    const letter = app.child?.admissionLetterFileId;
    const files: FileToShow[] = [
      ...(letter ? [{ field: 'child.admissionLetterFileId', label: '录取通知书', fileID: letter }] : []),
      ...app.homeVisits.flatMap((v, i) =>
        v.photoFileIds.map((fileID, j) => ({
          field: `homeVisits.${i}.photoFileIds.${j}`,
          label: `入户核实照片（${v.visitedOn}）${v.photoFileIds.length > 1 ? ` ${j + 1}` : ''}`,
          fileID,
        })),
      ),
    ];
    return {
      files: await fileLinks(ctx, files, own ? null : { actor, targetType: 'aid_application', targetId: app._id }),
    };
  },
};
