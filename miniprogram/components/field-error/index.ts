/** `<field-error text="{{errors.name}}"/>`: the message for one field, right under it (read out by screen readers). */
Component({
  options: { addGlobalClass: true },
  properties: {
    text: { type: String, value: '' },
  },
});
