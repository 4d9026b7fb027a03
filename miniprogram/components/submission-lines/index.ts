/**
 * `<submission-lines id="submission" case-id="{{id}}" lines="{{view.submission}}" contact="{{view.contact}}"/>`:
 * what was submitted, as the server described it for this viewer (labelled lines, money in 元, choices in
 * words; long text wraps; uploads as thumbnails that open full size). One rendering for every case type.
 *
 * With `contact` (staff handling the case): the applicant's phone masked; one tap shows it in full (the server
 * audits it) and another calls it.
 */
import { isImageFile, type CaseContact, type SubmissionLine } from '@union/contracts';
import { revealPhone } from '../../services/cases';

interface LineView extends SubmissionLine {
  photos: string[];
  documents: { fileID: string; name: string }[];
}

const toLineView = (l: SubmissionLine): LineView => {
  const files = l.files ?? [];
  return {
    ...l,
    photos: files.filter(isImageFile),
    documents: files
      .filter((f) => !isImageFile(f))
      .map((fileID, i) => ({
        fileID,
        name: `文件 ${i + 1}（${(/\.([a-z0-9]+)$/i.exec(fileID)?.[1] ?? '').toUpperCase()}）`,
      })),
  };
};

Component({
  options: { addGlobalClass: true },
  properties: {
    caseId: { type: String, value: '' },
    lines: { type: Array, value: [] as SubmissionLine[] },
    contact: { type: Object, value: null as CaseContact | null },
  },
  data: {
    items: [] as LineView[],
    /** The phone in full once revealed. */
    phone: '',
    revealing: false,
    revealError: '',
  },
  observers: {
    lines(lines: SubmissionLine[]) {
      this.setData({ items: (lines ?? []).map(toLineView) });
    },
    caseId() {
      this.setData({ phone: '', revealError: '' });
    },
  },
  methods: {
    onPreview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string; src: string }>) {
      const line = this.data.items.find((l) => l.key === e.currentTarget.dataset.key);
      if (line) wx.previewImage({ urls: line.photos, current: e.currentTarget.dataset.src });
    },
    onDocument(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.cloud.downloadFile({
        fileID: e.currentTarget.dataset.id,
        success: (res) => wx.openDocument({ filePath: res.tempFilePath, showMenu: false }),
        fail: () => wx.showToast({ title: '文件打不开，请稍后再试', icon: 'none' }),
      });
    },
    async onReveal() {
      if (this.data.revealing) return;
      this.setData({ revealing: true, revealError: '' });
      const result = await revealPhone(this.properties.caseId as string);
      this.setData({ revealing: false });
      if (!result.ok) return this.setData({ revealError: result.message });
      this.setData({ phone: result.data.phone });
    },
    onCall() {
      if (this.data.phone) wx.makePhoneCall({ phoneNumber: this.data.phone });
    },
  },
});
