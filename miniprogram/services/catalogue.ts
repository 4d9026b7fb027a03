/** The services listed on the home page, in the order people most need them. */
export interface ServiceTile {
  key: string;
  name: string;
  hint: string;
  url: string;
}

export const SERVICES: readonly ServiceTile[] = [
  { key: 'appeal', name: '我要诉求', hint: '欠薪、工伤、劳动合同', url: '/pages/appeal/index' },
  {
    key: 'student-aid',
    name: '金秋助学',
    hint: '子女上高中、大学',
    url: '/pages/aid-apply/index?programme=student_aid',
  },
  {
    key: 'hardship-aid',
    name: '困难帮扶',
    hint: '因病、因灾、失业',
    url: '/pages/aid-apply/index?programme=hardship_aid',
  },
  { key: 'consult', name: '咨询', hint: '先查政策问答，再问工会', url: '/pages/consult/index?intent=ask' },
  { key: 'library', name: '政策问答', hint: '常见问题和政策', url: '/pages/consult/index' },
  { key: 'notices', name: '公示', hint: '资助名单公示', url: '/pages/notices/index' },
  { key: 'founding', name: '单位建会', hint: '企业申请建立工会', url: '/pages/founding/index' },
];
