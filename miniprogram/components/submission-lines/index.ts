/**
 * `<submission-lines id="submission" case-id="{{id}}" lines="{{view.submission}}" contact="{{view.contact}}"/>`:
 * what was submitted, as the server described it for this viewer (labelled lines, money in 元, choices in
 * words; long text wraps; uploads as thumbnails that open full size). One rendering for every case type.
 * Uploads show through short-lived links from `cases.files` (the storage rules let a phone read only its own
 * uploads, so a reviewer cannot open the applicant's `cloud://` ids directly).
 *
 * With `contact` (staff handling the case): the applicant's phone masked; one tap shows it in full (the server
 * audits it) and another calls it.
 */
import { isImageFile, type CaseContact, type CaseFile, type SubmissionLine } from '@union/contracts';
import { revealPhone } from '../../services/cases';
import { linksById, linksExpiring, loadCaseFiles } from '../../services/files';

interface LineView extends SubmissionLine {
  /** Photos with their link ('' until the link came, or when the file is gone). */
  photos: { fileID: string; url: string }[];
  documents: { fileID: string; name: string; url: string }[];
}

const toLineView = (l: SubmissionLine, links: Record<string, string>): LineView => {
  const files = l.files ?? [];
  return {
    ...l,
    photos: files.filter(isImageFile).map((fileID) => ({ fileID, url: links[fileID] ?? '' })),
    documents: files
      .filter((f) => !isImageFile(f))
      .map((fileID, i) => ({
        fileID,
        url: links[fileID] ?? '',
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
    /** The links of this case's files (`cases.files`), fetched when a line has files. */
    files: [] as CaseFile[],
    /** The phone in full once revealed. */
    phone: '',
    revealing: false,
    revealError: '',
  },
  observers: {
    lines(lines: SubmissionLine[]) {
      const links = linksById(this.data.files);
      this.setData({ items: (lines ?? []).map((l) => toLineView(l, links)) });
      if ((lines ?? []).some((l) => l.files?.length)) void this.loadLinks();
    },
    caseId() {
      this.setData({ phone: '', revealError: '' });
      if (((this.properties.lines as SubmissionLine[]) ?? []).some((l) => l.files?.length)) void this.loadLinks();
    },
  },
  methods: {
    /** Links to the files the lines name, from the scope-checked function. */
    async loadLinks() {
      const caseId = this.properties.caseId as string;
      if (!caseId) return;
      const result = await loadCaseFiles(caseId, 'case');
      if (!result.ok) return;
      const links = linksById(result.data);
      this.setData({
        files: result.data,
        items: ((this.properties.lines as SubmissionLine[]) ?? []).map((l) => toLineView(l, links)),
      });
    },
    /** The item of `key`, with fresh links when these are about to run out (a page left open a while). */
    async freshLine(key: string): Promise<LineView | undefined> {
      if (linksExpiring(this.data.files)) await this.loadLinks();
      return this.data.items.find((l) => l.key === key);
    },
    async onPreview(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string; index: number }>) {
      const line = await this.freshLine(e.currentTarget.dataset.key);
      const picked = line?.photos[e.currentTarget.dataset.index];
      if (!line || !picked?.url) return;
      wx.previewImage({ urls: line.photos.map((p) => p.url).filter(Boolean), current: picked.url });
    },
    async onDocument(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string; index: number }>) {
      const line = await this.freshLine(e.currentTarget.dataset.key);
      const url = line?.documents[e.currentTarget.dataset.index]?.url;
      if (!url) return;
      wx.downloadFile({
        url,
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
