import { createFunction } from '../../domain/runtime';
import { libraryHandlers } from '../../domain/library/handlers';
import { libraryContract } from '../../typings/library';

export const main = createFunction('library', libraryContract, libraryHandlers);
