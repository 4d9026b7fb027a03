/**
 * 公示与异议 (city admin): publish a round's approved applications as a notice, and settle the
 * objections people filed (upheld → that person is not paid).
 */
import type { NoticeView } from '@union/contracts';
import {
  allRounds,
  listObjections,
  publishNotice,
  resolveObjection,
  toObjectionItem,
  toRoundItem,
  type ObjectionItem,
  type RoundItem,
} from '../../../services/aid';
import { formatDay } from '../../../utils/format';
import { screen } from '../../../behaviors/screen';
import { maxLengths, ResolveObjectionInput } from '@union/contracts';

/**
 * What publishing did, in counts that agree with every other page: how many applications entered the notice
 * period, how many are named on the public list, and why the others are not (or why nothing was put up).
 */
function publishedMessage(n: NoticeView): { title: string; content: string } {
  const total = n.caseCount ?? n.entries.length;
  const until = formatDay(n.endsOn);
  if (n.entries.length === 0) {
    return {
      title: '已进入公示期，未对外公示',
      content: `${total} 份申请进入公示期，至 ${until}。申请人都没有同意公示姓名，所以不对外发布空名单；公示期满后照常发放。`,
    };
  }
  const unlisted = total - n.entries.length;
  return {
    title: '已发布',
    content: `${n.title}：${total} 份申请进入公示期，名单列出 ${n.entries.length} 人${
      unlisted > 0 ? `（另 ${unlisted} 人没有同意公示姓名，不列出）` : ''
    }，公示至 ${until}。`,
  };
}

Component({
  behaviors: [screen],
  data: {
    /** Text limits from the contract: the fields refuse more, counters show how much is used. */
    limits: maxLengths(ResolveObjectionInput, { reply: 'reply' }),
    rounds: [] as RoundItem[],
    objections: [] as ObjectionItem[],
    /** The objection being answered. */
    openId: '',
    reply: '',
    replyError: '',
    phase: 'idle' as 'idle' | 'sending',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const [rounds, objections] = await Promise.all([allRounds(), listObjections('open')]);
      if (!rounds.ok) return this.showLoadError(rounds);
      if (!objections.ok) return this.showLoadError(objections);
      this.setData({
        status: 'ready',
        rounds: rounds.data.rounds.filter((r) => r.status !== 'draft').map(toRoundItem),
        objections: objections.data.items.map(toObjectionItem),
      });
    },
    onPublish(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; title: string }>) {
      const { id, title } = e.currentTarget.dataset;
      wx.showModal({
        title: '发布公示',
        content: `把“${title}”中审批通过、尚未公示的申请发布公示吗？公示只显示打码的姓名、村（社区）、项目和金额。`,
        success: (res) => {
          if (!res.confirm) return;
          void publishNotice(id).then((result) => {
            if (!result.ok) return wx.showModal({ title: '没有发布', content: result.message, showCancel: false });
            wx.showModal({ ...publishedMessage(result.data), showCancel: false });
          });
        },
      });
    },
    onOpenObjection(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.setData({ openId: e.currentTarget.dataset.id, reply: '', replyError: '' });
    },
    onReply(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reply: e.detail.value, replyError: '' });
    },
    async onResolve(e: WechatMiniprogram.BaseEvent<Record<string, never>, { outcome: 'dismissed' | 'upheld' }>) {
      if (this.data.phase === 'sending') return;
      if (this.data.reply.trim().length < 2) return this.setData({ replyError: '请填写处理意见' });
      this.setData({ phase: 'sending' });
      const result = await resolveObjection({
        objectionId: this.data.openId,
        outcome: e.currentTarget.dataset.outcome,
        reply: this.data.reply.trim(),
      });
      this.setData({ phase: 'idle' });
      if (!result.ok) return this.setData({ replyError: result.message });
      this.setData({ openId: '', objections: this.data.objections.filter((o) => o.id !== result.data.objectionId) });
      wx.showToast({ title: '已处理', icon: 'success' });
    },
  },
});
