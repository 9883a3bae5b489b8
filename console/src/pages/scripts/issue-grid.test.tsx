import { describe, expect, it } from 'vitest';
import { fireEvent, render } from '@solidjs/testing-library';
import { IssueGrid } from './issue-grid.js';
import type { TemplateIssue } from '../../api/types.js';

const issue = (over: Partial<TemplateIssue>): TemplateIssue => ({
  severity: 'error', code: 'FLOW_JUMP_UNKNOWN', sheet: '流程', row: 3, column: 'F', header: '肯定跳转', path: 'flows[1].positiveJump',
  message: { zh: '跳转到不存在的流程“介绍”', en: 'jump to unknown flow "介绍"' }, ...over,
});

describe('IssueGrid', () => {
  const sheets = [
    { name: '流程', rows: [['名称', '内容', '', '', '', '肯定跳转'], ['开场白', '您好'], ['报价', '价格', '', '', '', '介绍']] },
    { name: '问题', rows: [['问题']] },
  ];
  it('highlights the bad cell with its message and lists the problem beside the sheet', () => {
    const { container, getByText } = render(() => <IssueGrid sheets={sheets} issues={[issue({})]} />);
    const bad = container.querySelectorAll('td.bad');
    expect(bad.length).toBe(1);
    expect(bad[0]!.textContent).toBe('介绍');
    expect(bad[0]!.getAttribute('aria-label')).toContain('F3');
    expect(getByText('流程!F3')).toBeTruthy();
    expect(getByText('跳转到不存在的流程“介绍”')).toBeTruthy();
    expect(container.querySelector('[role=tab][aria-selected=true]')!.textContent).toContain('流程 (1)');
  });
  it('opens the sheet with problems and moves focus to a cell from the list', () => {
    const { container, getByText } = render(() => <IssueGrid sheets={sheets} issues={[issue({ sheet: '问题', row: 1, column: 'A', path: 'questions[0]' })]} />);
    expect(container.querySelector('[role=tab][aria-selected=true]')!.textContent).toContain('问题');
    fireEvent.click(getByText('问题!A1'));
    expect(document.activeElement?.classList.contains('bad')).toBe(true);
  });
  it('without a preview (an .xls) still lists every located problem', () => {
    const { getByText } = render(() => <IssueGrid sheets={null} issues={[issue({})]} />);
    expect(getByText('流程!F3')).toBeTruthy();
  });
});
