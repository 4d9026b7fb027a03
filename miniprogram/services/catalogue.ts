/** The services listed on the home page, in the order people most need them. */
export interface ServiceTile {
  key: string;
  name: string;
  hint: string;
  url: string;
}

export const SERVICES: readonly ServiceTile[] = [
  { key: 'grid', name: '服务网格', hint: '全市乡镇和村（社区）', url: '/pages/grid/index' },
];
