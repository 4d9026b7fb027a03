/**
 * `<status-view>`: what a screen shows while it is not `ready`: a loading line, a plain error
 * with a "try again" button (fires `retry`), or an empty message. Renders nothing when `idle`
 * or `ready`, so a page writes `<status-view status="{{status}}" …/>` once above its content.
 */
Component({
  options: { addGlobalClass: true, multipleSlots: true },
  properties: {
    /** A {@link ScreenStatus}: 'idle' | 'loading' | 'error' | 'empty' | 'ready'. */
    status: { type: String, value: 'idle' },
    /** The error message (from the server or the transport layer). */
    message: { type: String, value: '' },
    /** What an empty screen says, e.g. "还没有办件". */
    emptyText: { type: String, value: '这里还没有内容' },
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry', {});
    },
  },
});
