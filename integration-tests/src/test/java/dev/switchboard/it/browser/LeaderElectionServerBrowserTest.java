package dev.switchboard.it.browser;

/**
 * {@link LeaderElectionScenarios} end to end: a real Chromium without SharedWorker, the real
 * server in envelope mode, a real upstream. Skipped while the server has no envelope mode.
 */
class LeaderElectionServerBrowserTest extends LeaderElectionScenarios {

    @Override
    String hubUnavailable() {
        return RealServerHub.envelopeModeMissing();
    }

    @Override
    HubFixture newHub() {
        return RealServerHub.launch();
    }
}
