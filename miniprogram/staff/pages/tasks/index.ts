/**
 * 任务督办 (staff): tasks received at my node (sign, do, report) and, for the city and towns, tasks issued from it
 * with their progress; `?box=issued|received&issuer=1`.
 */
import { listTasks, toListItem, type TaskItemView } from '../../../services/tasks';
import { freshOnShow } from '../../../behaviors/screen';

type Box = 'issued' | 'received';

Component({
  behaviors: [freshOnShow],
  data: {
    box: 'received' as Box,
    issuer: false,
    items: [] as TaskItemView[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const issuer = query.issuer === '1';
      this.setData({ issuer, box: query.box === 'issued' && issuer ? 'issued' : 'received' });
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await listTasks(this.data.box);
      if (!result.ok) return this.showLoadError(result);
      const items = result.data.items.map(toListItem);
      this.setData({ status: items.length ? 'ready' : 'empty', items });
    },
    onBox(e: WechatMiniprogram.BaseEvent<Record<string, never>, { box: Box }>) {
      this.setData({ box: e.currentTarget.dataset.box, items: [], status: 'loading' });
      void this.load();
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const page = this.data.box === 'issued' ? 'task-board' : 'task';
      wx.navigateTo({ url: `/staff/pages/${page}/index?id=${e.currentTarget.dataset.id}` });
    },
    onIssue() {
      wx.navigateTo({ url: '/staff/pages/task-issue/index' });
    },
  },
});
