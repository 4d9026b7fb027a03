/**
 * 集体合同与职代会 (town staff, city admin): the view of my town (or the city) in one Chinese summary, the enterprises
 * filtered by what needs doing — contracts expiring within 60 days, steps overdue, no contract in force, no
 * workers' congress this year — each opening its enterprise; the view as an Excel file.
 */
import type { Board, BoardRow } from '@union/contracts';
import { agreementBoard, exportAgreementBoard, FLAG_WORDS } from '../../../services/agreements';
import { freshOnShow } from '../../../behaviors/screen';

type Filter = 'all' | BoardRow['flags'][number];
const FILTERS: { key: Filter; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'expiring', label: '60天内到期' },
  { key: 'overdue', label: '逾期未办' },
  { key: 'no_contract', label: '无有效合同' },
  { key: 'no_congress', label: '未开职代会' },
];

const toRow = (r: BoardRow) => ({ ...r, badges: r.flags.map((f) => FLAG_WORDS[f]) });
type Row = ReturnType<typeof toRow>;

Component({
  behaviors: [freshOnShow],
  data: {
    summary: '',
    filters: FILTERS,
    filter: 'all' as Filter,
    all: [] as Row[],
    rows: [] as Row[],
    shown: 50,
    exported: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await agreementBoard();
      if (!result.ok) return this.showLoadError(result);
      const board: Board = result.data;
      const all = board.rows.map(toRow);
      this.setData({ status: all.length ? 'ready' : 'empty', summary: board.summary, all });
      this.applyFilter(this.data.filter);
    },
    applyFilter(filter: Filter) {
      const rows = filter === 'all' ? this.data.all : this.data.all.filter((r) => r.flags.includes(filter));
      this.setData({ filter, rows: rows.slice(0, this.data.shown) });
    },
    onFilter(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: Filter }>) {
      this.setData({ shown: 50 });
      this.applyFilter(e.currentTarget.dataset.key);
    },
    onReachBottom() {
      this.setData({ shown: this.data.shown + 50 });
      this.applyFilter(this.data.filter);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/staff/pages/enterprise/index?unitId=${e.currentTarget.dataset.id}` });
    },
    async onExport() {
      const result = await exportAgreementBoard();
      if (!result.ok) return wx.showToast({ title: result.message, icon: 'none' });
      this.setData({ exported: result.data.fileName });
      wx.downloadFile({
        url: result.data.url,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, fileType: 'xlsx', showMenu: true }),
      });
    },
  },
});
