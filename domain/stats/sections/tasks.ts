/** Figures of the tasks sent down (任务下发): parts received by the scope's villages and units, signed, done. */
import { registerSection } from '../declaration';

registerSection({
  key: 'tasks',
  title: '任务落实',
  order: 60,
  groups: [
    {
      title: '收到的任务',
      figures: [
        { kind: 'count', key: 'received', label: '收到任务', where: () => ({ type: 'task_item' }) },
        {
          kind: 'count',
          key: 'unsigned',
          label: '未签收',
          alert: true,
          where: () => ({ type: 'task_item', status: 'assigned' }),
        },
        {
          kind: 'count',
          key: 'reported',
          label: '已上报待验收',
          where: () => ({ type: 'task_item', status: 'reported' }),
        },
        { kind: 'count', key: 'done', label: '已完成', where: () => ({ type: 'task_item', status: 'done' }) },
        { kind: 'ratio', key: 'done_rate', label: '完成率', hint: '已完成 ÷ 收到任务', of: 'done', over: 'received' },
      ],
    },
  ],
  ranking: { title: '任务完成排名', columns: ['received', 'done_rate', 'unsigned'] },
});
