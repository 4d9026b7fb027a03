import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { postsHandlers } from '../../domain/posts/handlers';
import { postsContract } from '../../typings/posts';

export const main = createFunction('posts', postsContract, postsHandlers);
