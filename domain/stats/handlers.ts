/** Handlers of the `stats` function (`typings/stats.ts`): scope first, then the declared figures. */
import type { statsContract } from '../../typings/stats';
import type { Handlers } from '../runtime/function';
import { statsScopeFor } from './scope';
import { dashboardOf, sectionOf } from './dashboard';
import { figureList } from './lists';
import { exportStats } from './export';

export const statsHandlers: Handlers<typeof statsContract> = {
  async dashboard({ nodeId }, ctx) {
    const { staff, scope } = await statsScopeFor(ctx, nodeId);
    return dashboardOf(ctx, staff, scope);
  },

  async section({ nodeId, section }, ctx) {
    const { scope } = await statsScopeFor(ctx, nodeId);
    return sectionOf(ctx, scope, section);
  },

  async list(input, ctx) {
    const { scope } = await statsScopeFor(ctx, input.nodeId);
    return figureList(ctx, scope, input);
  },

  async export(input, ctx) {
    const { actor, staff, scope } = await statsScopeFor(ctx, input.nodeId);
    return exportStats(ctx, actor, staff, scope, input);
  },
};
