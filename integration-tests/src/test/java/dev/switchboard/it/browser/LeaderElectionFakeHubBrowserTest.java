package dev.switchboard.it.browser;

/** {@link LeaderElectionScenarios} against {@link FakeEnvelopeHub}: the client's protocol handling. */
class LeaderElectionFakeHubBrowserTest extends LeaderElectionScenarios {

    @Override
    HubFixture newHub() {
        return FakeEnvelopeHub.launch();
    }
}
