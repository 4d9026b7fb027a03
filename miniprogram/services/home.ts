/** What the home page shows besides the services: what is waiting for me, and current notices. */
import {
  listNotices,
  myApplications,
  toApplicationItem,
  toNoticeItem,
  type ApplicationItem,
  type NoticeItem,
} from './aid';
import { myCases, toCaseItem, type CaseItem } from './cases';
import { myRoles } from './staff';

export interface HomeData {
  waiting: CaseItem[];
  applications: ApplicationItem[];
  notices: NoticeItem[];
  /** How many of the three sources answered. */
  answered: number;
  /** Active staff get a workbench tile. */
  staff: boolean;
}

/** Load the three sections at once; a section that fails is left empty. */
export async function loadHome(): Promise<HomeData> {
  const [cases, aid, notices, roles] = await Promise.all([myCases(), myApplications(), listNotices(), myRoles()]);
  const AID_DONE = new Set(['paid', 'closed', 'objection_upheld']);
  return {
    waiting: cases.ok
      ? cases.data.items
          .filter((c) => c.open && c.onHome)
          .slice(0, 3)
          .map(toCaseItem)
      : [],
    applications: aid.ok
      ? aid.data.items
          .filter((a) => !AID_DONE.has(a.stage))
          .slice(0, 3)
          .map(toApplicationItem)
      : [],
    notices: notices.ok ? notices.data.notices.slice(0, 3).map(toNoticeItem) : [],
    answered: [cases, aid, notices].filter((r) => r.ok).length,
    staff: roles.ok && Boolean(roles.data.staff?.active),
  };
}
