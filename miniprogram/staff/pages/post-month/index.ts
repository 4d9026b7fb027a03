/** 动态月报 (town staff, city admin): a month's posts per town — published, featured, and the units that posted nothing. */
import type { PostMonth, PostMonthTown } from '@union/contracts';
import { postMonth } from '../../../services/posts';
import { screen } from '../../../behaviors/screen';

const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

Component({
  behaviors: [screen],
  data: {
    month: thisMonth(),
    table: null as (PostMonth & { towns: (PostMonthTown & { silentText: string })[] }) | null,
    open: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      this.setData({ status: 'loading' });
      const r = await postMonth(this.data.month);
      if (!r.ok) return this.showLoadError(r);
      const table = { ...r.data, towns: r.data.towns.map((t) => ({ ...t, silentText: t.silent.join('、') })) };
      this.setData({ status: 'ready', table, open: r.data.towns.length === 1 ? r.data.towns[0].townId : '' });
    },
    onMonth(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ month: e.detail.value });
      void this.load();
    },
    onTown(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      this.setData({ open: this.data.open === id ? '' : id });
    },
  },
});
