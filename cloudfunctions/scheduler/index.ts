import '../../domain/catalog';
import { createFunction } from '../../domain/runtime';
import { onSchedulerTimer, schedulerHandlers } from '../../domain/cases/scheduler';
import { schedulerContract } from '../../typings/scheduler';

export const main = createFunction('scheduler', schedulerContract, schedulerHandlers, { onTimer: onSchedulerTimer });
