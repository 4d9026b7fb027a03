/**
 * Every case type with its data hooks (erasure, data export): the catalog, plus the hooks some types declare
 * beside their declaration because they need the whole engine (`declareDataHooks`). Imported by the function that
 * carries out a person's data requests (`people`); the other functions load `catalog.ts` alone and stay lean.
 * A type whose data hooks live beside its declaration adds ONE import line here.
 */
import './catalog';
import './aid/data-hooks';
import './cases/types/data-hooks';
import './membership/data-hooks';
import './agreements/data-hooks';
