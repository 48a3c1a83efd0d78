package dev.switchboard.it.browser;

/**
 * {@link LeaderElectionScenarios} end to end: a real Chromium without SharedWorker, the real
 * server in envelope mode, a real upstream.
 */
class LeaderElectionServerBrowserTest extends LeaderElectionScenarios {

    @Override
    HubFixture newHub() {
        return RealServerHub.launch();
    }
}
