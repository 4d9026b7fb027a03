/**
 * 网格 page: the city's towns with their village counts; tap a town to show its villages.
 * View state only; the data comes from services/grid.
 */
import { loadGrid, type TownView } from '../../services/grid';
import { screen } from '../../behaviors/screen';

Component({
  behaviors: [screen],
  data: {
    cityName: '',
    townCount: 0,
    villageCount: 0,
    towns: [] as TownView[],
    /** Id of the town whose villages are shown ('' = none). */
    openTownId: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onToggleTown(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      this.setData({ openTownId: this.data.openTownId === id ? '' : id });
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading' });
      const result = await loadGrid();
      if (!result.ok) {
        this.showLoadError(result);
        return;
      }
      const { cityName, towns, townCount, villageCount } = result.data;
      this.setData({ status: towns.length ? 'ready' : 'empty', message: '', cityName, towns, townCount, villageCount });
    },
  },
});
