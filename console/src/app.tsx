/**
 * The router: the login page outside the frame, every other page inside it behind a guard that
 * sends strangers to the login and closes pages the role's menu does not offer. Pages load
 * lazily, so the login screen does not wait for the script editor's code.
 */
import { Match, Switch, lazy, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { Navigate, Route, Router, useLocation, useNavigate } from '@solidjs/router';
import { checked, loadSession, principal, sessionLost } from './session.js';
import { allowed, homeFor } from './nav.js';
import { setUnauthenticatedHandler } from './api/client.js';
import { t } from './i18n/index.js';
import { Layout } from './components/layout.js';
import { LoginPage } from './pages/login.js';
import { PasswordPage } from './pages/password.js';

const ScriptsPage = lazy(() => import('./pages/scripts/list.js').then((m) => ({ default: m.ScriptsPage })));
const ScriptPage = lazy(() => import('./pages/scripts/detail.js').then((m) => ({ default: m.ScriptPage })));
const LeadsPage = lazy(() => import('./pages/leads/list.js').then((m) => ({ default: m.LeadsPage })));
const BatchesPage = lazy(() => import('./pages/leads/batches.js').then((m) => ({ default: m.BatchesPage })));
const CustomersPage = lazy(() => import('./pages/crm/customers.js').then((m) => ({ default: m.CustomersPage })));
const FollowUpsPage = lazy(() => import('./pages/crm/follow-ups.js').then((m) => ({ default: m.FollowUpsPage })));
const CallsPage = lazy(() => import('./pages/calls/list.js').then((m) => ({ default: m.CallsPage })));
const CallPage = lazy(() => import('./pages/calls/detail.js').then((m) => ({ default: m.CallPage })));
const DashboardPage = lazy(() => import('./pages/dashboard.js').then((m) => ({ default: m.DashboardPage })));
const WorkspacePage = lazy(() => import('./pages/agent/workspace.js').then((m) => ({ default: m.WorkspacePage })));
const WallboardPage = lazy(() => import('./pages/agents/wallboard.js').then((m) => ({ default: m.WallboardPage })));
const GroupsPage = lazy(() => import('./pages/agents/groups.js').then((m) => ({ default: m.GroupsPage })));
const TasksPage = lazy(() => import('./pages/tasks/list.js').then((m) => ({ default: m.TasksPage })));
const TaskPage = lazy(() => import('./pages/tasks/detail.js').then((m) => ({ default: m.TaskPage })));
const TaskFormPage = lazy(() => import('./pages/tasks/form.js').then((m) => ({ default: m.TaskFormPage })));
const CallQueuePage = lazy(() => import('./pages/tasks/queue.js').then((m) => ({ default: m.CallQueuePage })));
const SmsTemplatesPage = lazy(() => import('./pages/settings/sms-templates.js').then((m) => ({ default: m.SmsTemplatesPage })));
const DialerSettingsPage = lazy(() => import('./pages/settings/dialer.js').then((m) => ({ default: m.DialerSettingsPage })));
const SmsApprovalsPage = lazy(() => import('./pages/platform/sms-approvals.js').then((m) => ({ default: m.SmsApprovalsPage })));
const UsersPage = lazy(() => import('./pages/settings/users.js').then((m) => ({ default: m.UsersPage })));
const TrunksPage = lazy(() => import('./pages/settings/trunks.js').then((m) => ({ default: m.TrunksPage })));
const CallerIdsPage = lazy(() => import('./pages/settings/caller-ids.js').then((m) => ({ default: m.CallerIdsPage })));
const ExtensionsPage = lazy(() => import('./pages/settings/extensions.js').then((m) => ({ default: m.ExtensionsPage })));
const SpeechPage = lazy(() => import('./pages/settings/speech.js').then((m) => ({ default: m.SpeechPage })));
const VoiceFilesPage = lazy(() => import('./pages/settings/voice-files.js').then((m) => ({ default: m.VoiceFilesPage })));
const FieldsPage = lazy(() => import('./pages/settings/fields.js').then((m) => ({ default: m.FieldsPage })));
const BlacklistPage = lazy(() => import('./pages/settings/blacklist.js').then((m) => ({ default: m.BlacklistPage })));
const SystemPage = lazy(() => import('./pages/settings/system.js').then((m) => ({ default: m.SystemPage })));
const AuditLogPage = lazy(() => import('./pages/settings/audit-log.js').then((m) => ({ default: m.AuditLogPage })));
const CustomerTypesPage = lazy(() => import('./pages/crm/customer-types.js').then((m) => ({ default: m.CustomerTypesPage })));
const EnterprisesPage = lazy(() => import('./pages/platform/enterprises.js').then((m) => ({ default: m.EnterprisesPage })));
const ApprovalsPage = lazy(() => import('./pages/platform/caller-id-approvals.js').then((m) => ({ default: m.ApprovalsPage })));

/** Logged in and allowed here, or sent where they belong. */
function Guarded(props: { children?: JSX.Element }): JSX.Element {
  const location = useLocation();
  return (
    <Switch>
      <Match when={!checked()}><p class="loading" role="status">{t('common.loading')}</p></Match>
      <Match when={!principal()}><Navigate href={`/login?next=${encodeURIComponent(location.pathname)}`} /></Match>
      <Match when={location.pathname === '/'}><Navigate href={homeFor(principal()!.role)} /></Match>
      <Match when={!allowed(principal()!.role, location.pathname)}>
        <Layout><p class="alert alert-error" role="alert">{t('common.forbidden')}</p></Layout>
      </Match>
      <Match when={true}><Layout>{props.children}</Layout></Match>
    </Switch>
  );
}

function Root(props: { children?: JSX.Element }): JSX.Element {
  const navigate = useNavigate();
  onMount(() => {
    setUnauthenticatedHandler(() => {
      sessionLost();
      navigate('/login', { replace: true });
    });
  });
  return <>{props.children}</>;
}

export function App(): JSX.Element {
  void loadSession();
  return (
    <Router root={Root}>
      <Route path="/login" component={LoginPage} />
      <Route path="/" component={Guarded}>
        <Route path="/" component={() => null} />
        <Route path="/password" component={PasswordPage} />
        <Route path="/dashboard" component={DashboardPage} />
        <Route path="/agent" component={() => <WorkspacePage />} />
        <Route path="/agents" component={WallboardPage} />
        <Route path="/agents/groups" component={GroupsPage} />
        <Route path="/tasks" component={TasksPage} />
        <Route path="/tasks/new" component={TaskFormPage} />
        <Route path="/tasks/queue" component={CallQueuePage} />
        <Route path="/tasks/:id" component={TaskPage} />
        <Route path="/tasks/:id/edit" component={TaskFormPage} />
        <Route path="/settings/sms-templates" component={SmsTemplatesPage} />
        <Route path="/settings/dialer" component={DialerSettingsPage} />
        <Route path="/platform/sms-templates" component={SmsApprovalsPage} />
        <Route path="/scripts" component={ScriptsPage} />
        <Route path="/scripts/:id" component={ScriptPage} />
        <Route path="/leads" component={LeadsPage} />
        <Route path="/leads/batches" component={BatchesPage} />
        <Route path="/calls" component={CallsPage} />
        <Route path="/calls/:id" component={CallPage} />
        <Route path="/customers" component={CustomersPage} />
        <Route path="/follow-ups" component={FollowUpsPage} />
        <Route path="/settings/users" component={UsersPage} />
        <Route path="/settings/trunks" component={TrunksPage} />
        <Route path="/settings/caller-ids" component={CallerIdsPage} />
        <Route path="/settings/extensions" component={ExtensionsPage} />
        <Route path="/settings/speech" component={SpeechPage} />
        <Route path="/settings/voice-files" component={VoiceFilesPage} />
        <Route path="/settings/fields" component={FieldsPage} />
        <Route path="/settings/blacklist" component={BlacklistPage} />
        <Route path="/settings/system" component={SystemPage} />
        <Route path="/settings/audit-log" component={AuditLogPage} />
        <Route path="/customer-types" component={CustomerTypesPage} />
        <Route path="/platform/enterprises" component={EnterprisesPage} />
        <Route path="/platform/caller-ids" component={ApprovalsPage} />
        <Route path="*" component={() => <p>{t('common.notFound')}</p>} />
      </Route>
    </Router>
  );
}
