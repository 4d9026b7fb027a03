import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { tasksHandlers } from '../../domain/tasks/handlers';
import { tasksContract } from '../../typings/tasks';

export const main = createFunction('tasks', tasksContract, tasksHandlers);
