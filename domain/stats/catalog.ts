/**
 * Every service's dashboard section: a service adds its figures by declaring a section (`registerSection`) in a
 * module imported here — the `stats` function, its lists, exports and the pages need nothing else.
 */
import './sections/registry';
import './sections/founding';
import './sections/membership';
import './sections/cases';
import './sections/aid';
import './sections/agreements';
import './sections/tasks';

export { statsSections, findSection } from './declaration';
