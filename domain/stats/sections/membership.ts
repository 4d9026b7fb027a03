/**
 * Figures of membership (入会 and 会员关系转接): the counts the two membership case types declare — applications and
 * those admitted, transfers asked for and completed — counted where the application arose.
 */
import { joinCaseType, transferCaseType } from '../../membership/types';
import { registerSection } from '../declaration';
import { countFigures, countWhere } from '../type-counts';

registerSection({
  key: 'membership',
  title: '入会转接',
  order: 46,
  groups: [
    { title: '网上入会', figures: countFigures(joinCaseType, undefined, { prefix: 'join_' }) },
    { title: '会员关系转接', figures: countFigures(transferCaseType, undefined, { prefix: 'transfer_' }) },
  ],
  trends: [{ key: 'join_filed', label: '每月入会申请', where: countWhere(joinCaseType, 'filed') }],
  ranking: { title: '入会申请排名', columns: ['join_filed', 'join_approved'] },
});
