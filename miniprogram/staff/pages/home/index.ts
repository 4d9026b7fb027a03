/** 工作台: the staff workbench entry (staff pages live in this subpackage, outside the main package). */
Component({
  data: {},
  methods: {},
});
