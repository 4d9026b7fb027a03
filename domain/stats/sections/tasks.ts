/**
 * Figures of the tasks sent down (任务下发): parts received by the scope's villages and units, signed, done; and the
 * work they post (工作动态): posted, in review, published.
 */
import { postCaseType } from '../../posts/types';
import { taskItemCaseType } from '../../tasks/types';
import { registerSection } from '../declaration';
import { countFigures } from '../type-counts';

registerSection({
  key: 'tasks',
  title: '任务落实',
  order: 60,
  groups: [
    {
      title: '收到的任务',
      figures: [
        ...countFigures(taskItemCaseType, ['received', 'unsigned', 'reported', 'done']),
        { kind: 'ratio', key: 'done_rate', label: '完成率', hint: '已完成 ÷ 收到任务', of: 'done', over: 'received' },
      ],
    },
    {
      title: '工作动态',
      figures: countFigures(postCaseType, ['posted', 'in_review', 'published'], { prefix: 'post_' }),
    },
  ],
  ranking: { title: '任务完成排名', columns: ['received', 'done_rate', 'unsigned', 'post_published'] },
});
