/**
 * `<upload-list kind="appeal" max="9" value="{{fileIds}}" bind:change="onFiles"/>`: add photos
 * (`wx.chooseMedia`), upload each with a progress bar (`wx.cloud.uploadFile`), retry or remove
 * one. Fires `change` with `{ fileIds, uploading }` whenever the list of finished files changes.
 */
import { choosePhotos, MAX_FILE_BYTES, uploadFile } from '../../services/upload';

interface Item {
  key: string;
  localPath: string;
  /** Bytes, as the chooser reported (photos over ~900 KB are compressed before upload). */
  size?: number;
  progress: number;
  fileID: string;
  state: 'uploading' | 'done' | 'failed';
}

let counter = 0;

Component({
  options: { addGlobalClass: true },
  properties: {
    kind: { type: String, value: 'file' },
    max: { type: Number, value: 9 },
    label: { type: String, value: '添加照片' },
    /** Files already uploaded (e.g. from a draft). */
    value: { type: Array, value: [] as string[] },
  },
  data: {
    items: [] as Item[],
    message: '',
  },
  lifetimes: {
    attached() {
      const value = this.properties.value as string[];
      if (value.length) {
        this.setData({
          items: value.map((fileID) => ({
            key: `f${(counter += 1)}`,
            localPath: fileID,
            progress: 100,
            fileID,
            state: 'done' as const,
          })),
        });
      }
    },
  },
  methods: {
    async onAdd() {
      const room = (this.properties.max as number) - this.data.items.length;
      if (room <= 0) return;
      const files = await choosePhotos(room);
      const tooBig = files.filter((f) => f.size > MAX_FILE_BYTES).length;
      const accepted = files.filter((f) => f.size <= MAX_FILE_BYTES);
      this.setData({ message: tooBig ? `有 ${tooBig} 个文件超过 10MB，没有添加` : '' });
      const start = this.data.items.length;
      const added: Item[] = accepted.map((f) => ({
        key: `f${(counter += 1)}`,
        localPath: f.path,
        size: f.size,
        progress: 0,
        fileID: '',
        state: 'uploading',
      }));
      if (!added.length) return;
      this.setData({ items: [...this.data.items, ...added] });
      this.emit();
      await Promise.all(added.map((_, i) => this.upload(start + i)));
    },
    async upload(index: number) {
      const item = this.data.items[index];
      const result = await uploadFile(
        this.properties.kind as string,
        item.localPath,
        (percent) => this.setData({ [`items[${index}].progress`]: percent }),
        item.size,
      );
      if (this.data.items[index]?.key !== item.key) return; // removed meanwhile
      this.setData(
        result.ok
          ? {
              [`items[${index}].state`]: 'done',
              [`items[${index}].fileID`]: result.fileID,
              [`items[${index}].progress`]: 100,
            }
          : { [`items[${index}].state`]: 'failed', message: result.message },
      );
      this.emit();
    },
    onRetry(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ [`items[${index}].state`]: 'uploading', [`items[${index}].progress`]: 0, message: '' });
      this.emit();
      void this.upload(index);
    },
    onRemove(e: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const index = Number(e.currentTarget.dataset.index);
      this.setData({ items: this.data.items.filter((_, i) => i !== index) });
      this.emit();
    },
    emit() {
      const items = this.data.items;
      this.triggerEvent('change', {
        fileIds: items.filter((i) => i.state === 'done').map((i) => i.fileID),
        uploading: items.some((i) => i.state === 'uploading'),
      });
    },
  },
});
