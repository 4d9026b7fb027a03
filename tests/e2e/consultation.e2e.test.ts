/**
 * Scenario 3: a worker searches the policy library and reads an answer, then asks the union a question; staff of the worker's town
 * answer it in the thread; the worker sees the answer.
 */
import { currentCaseId, openFromQueue, visibleText, openAs, screenshot, stepper, withPreview } from './support/harness';

const WORKER = 'demo-worker-1'; // 黄示例, 万家乡翠林山村
const TOWN_STAFF = 'demo-town-t15'; // 高工作员, 万家乡
const QUESTION = '孩子今年上初中，户口在老家，我在县城打工，孩子能在县城入学吗？需要准备哪些材料？';
const ANSWER = '可以申请随迁子女入学：带户口本、居住证和劳动合同到县教育局报名，工会可以协助开具务工证明。';

const preview = withPreview();

test('consultation: asked by a worker, answered by town staff, answer seen by the worker', async () => {
  const page = preview.page;
  const step = stepper(() => page, 'consultation');
  let caseId = '';

  let frame = await step('the worker opens the policy Q&A and searches it', async () => {
    const f = await openAs(page, preview.cloud.url, WORKER, '/pages/consult/index');
    await f.getByText('政策问答').first().waitFor();
    await f.getByLabel('搜索政策问答').fill('入学');
    await f.getByRole('button', { name: '搜索', exact: true }).click();
    const faq = f.getByRole('button', { name: /^随迁子女如何在松滋就读义务教育/ });
    await faq.click();
    await f.getByText(/持户口簿、居住证明和务工证明/).waitFor();
    return f;
  });
  await screenshot(page, 'consultation-01-library');

  await step('the worker asks the union a question', async () => {
    await frame.getByRole('button', { name: '向工会提问' }).click();
    await frame.getByText('向工会提问').first().waitFor();
    await frame.getByRole('button', { name: /^子女入学/ }).click();
    await frame.getByRole('button', { name: '子女入学，已选' }).waitFor();
    await frame.getByLabel('您的问题').fill(QUESTION);
  });
  await screenshot(page, 'consultation-02-question');

  await step('the question is sent and shows as waiting for an answer', async () => {
    await frame.getByRole('button', { name: '发送问题' }).click();
    await frame.getByText('办理进度').waitFor({ timeout: 20_000 });
    await frame.getByText('待答复').first().waitFor();
    caseId = await currentCaseId(frame);
    expect(caseId).toBeTruthy();
  });
  await screenshot(page, 'consultation-03-sent');

  frame = await step('town staff open the question from their workbench queue', async () => {
    const f = await openFromQueue(page, preview.cloud.url, TOWN_STAFF, caseId, '待答复');
    await visibleText(f, QUESTION.slice(0, 12)).waitFor();
    return f;
  });

  await step('town staff answer', async () => {
    await frame.getByLabel('答复内容').fill(ANSWER);
    await frame.getByRole('button', { name: '发送答复' }).click();
    await visibleText(frame, '已答复').waitFor();
  });
  await screenshot(page, 'consultation-04-answered');

  frame = await step('the worker opens the question again', async () => {
    return openAs(page, preview.cloud.url, WORKER, `/pages/case/index?id=${caseId}`);
  });

  await step('the worker sees the answer and the status', async () => {
    await frame.getByText('已答复').first().waitFor();
    await frame.getByText(ANSWER.slice(0, 15)).first().waitFor();
  });
  await screenshot(page, 'consultation-05-worker-sees-answer');
});
