/**
 * The stage of an aid application as every view shows it: the declared stage of its case's state, or one of the
 * declared overlays its records show (a payment under way; an objection upheld), with the declaration's label.
 */
import type { AidStage } from '../../typings/aid';
import { AID, aidStageOfState, aidStatusLabel } from './case-types';
import type { ApplicationDoc, PaymentDoc } from './store';

/**
 * The aid stage of an application: the declared stage of its case's state, or one of the declared overlays its
 * records show (a payment under way; an objection upheld).
 */
export function stageOf(
  app: Pick<ApplicationDoc, 'objectionUpheld'>,
  status: string | null,
  payments: readonly Pick<PaymentDoc, 'status'>[],
): AidStage {
  if (!status) return AID.stage.in_review;
  const stage = aidStageOfState(status);
  const paying = payments.some((p) => p.status === 'pending' || p.status === 'recording');
  if (paying && (stage === AID.stage.notice_passed || stage === AID.stage.payment_failed))
    return AID.stage.payment_pending;
  if (status === AID.state.refused && app.objectionUpheld) return AID.stage.objection_upheld;
  return stage;
}

/** The stage and the one label every view shows for it (the declaration's). */
export function stageView(
  app: Pick<ApplicationDoc, 'objectionUpheld'>,
  status: string | null,
  payments: readonly Pick<PaymentDoc, 'status'>[],
) {
  const stage = stageOf(app, status, payments);
  return { stage, stageLabel: aidStatusLabel(status ?? AID.state.village_review, stage) };
}

/** The progress of an application in the words every view uses. */
export function stageLabelOf(
  app: Pick<ApplicationDoc, 'objectionUpheld'>,
  status: string | null,
  payments: readonly Pick<PaymentDoc, 'status'>[],
): string {
  return stageView(app, status, payments).stageLabel;
}
