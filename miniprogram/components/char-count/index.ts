/**
 * `<char-count value="{{form.facts}}" max="{{limits.facts}}"/>`: how much of a text field's limit is used, under
 * the field. The field itself refuses input past the limit (`maxlength="{{limits.facts}}"`, the limit taken
 * from the contract); at the limit this says so, so nothing is cut off without the person knowing.
 */
Component({
  options: { addGlobalClass: true },
  properties: {
    value: { type: String, value: '' },
    max: { type: Number, value: 0 },
  },
  data: { count: 0, full: false },
  observers: {
    'value, max'(value: string, max: number) {
      const count = (value ?? '').length;
      this.setData({ count, full: max > 0 && count >= max });
    },
  },
});
