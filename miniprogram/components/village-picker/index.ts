/**
 * `<village-picker value="{{villageId}}" bind:pick="onVillage"/>`: choose a town, then one of
 * its villages (communities). Fires `pick` (not `change`: the native pickers' change events would mix in) with `{ villageId, nodeId }`.
 * `level`: `village` (default) = a village is needed (`nodeId` empty until one is chosen); `town` = a town only;
 * `any` = the town itself, or one of its villages (`nodeId` = the town until a village is chosen), e.g. a transfer.
 */
import { gridOnce, type TownView } from '../../services/grid';

Component({
  options: { addGlobalClass: true },
  properties: {
    value: { type: String, value: '' },
    label: { type: String, value: '所在村（社区）' },
    /** 'town': choose a town only; 'any': the town or one of its villages (`pick` carries `nodeId`). */
    level: { type: String, value: 'village' },
  },
  data: {
    towns: [] as TownView[],
    townNames: [] as string[],
    villageNames: [] as string[],
    townIndex: -1,
    villageIndex: -1,
    failed: false,
  },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  observers: {
    // A value that arrives after the grid (a form prefilled from the profile) is shown as chosen too.
    value(value: string) {
      if (this.data.towns.length) this.show(this.data.towns, value);
    },
  },
  methods: {
    async load() {
      const result = await gridOnce();
      if (!result.ok) {
        this.setData({ failed: true });
        return;
      }
      const towns = result.data.towns;
      this.setData({ failed: false, towns, townNames: towns.map((t) => t.name) });
      this.show(towns, this.properties.value as string);
    },
    /** Select the town and village of `value` (a node id), if any. */
    show(towns: TownView[], value: string) {
      if (!value) return;
      const townIndex = towns.findIndex((t) => t.id === value || t.villages.some((v) => v.id === value));
      if (townIndex < 0) return;
      const villageIndex = towns[townIndex].villages.findIndex((v) => v.id === value);
      this.setData({ townIndex, villageIndex, villageNames: towns[townIndex].villages.map((v) => v.name) });
    },
    onTown(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const townIndex = Number(e.detail.value);
      this.setData({
        townIndex,
        villageIndex: -1,
        villageNames: this.data.towns[townIndex].villages.map((v) => v.name),
      });
      const town = this.data.towns[townIndex];
      this.triggerEvent('pick', { villageId: '', nodeId: this.properties.level === 'village' ? '' : town.id });
    },
    onVillage(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const villageIndex = Number(e.detail.value);
      this.setData({ villageIndex });
      const id = this.data.towns[this.data.townIndex].villages[villageIndex].id;
      this.triggerEvent('pick', { villageId: id, nodeId: id });
    },
  },
});
