package dev.switchboard.it.browser;

/** {@link SharedWorkerScenarios} against {@link FakeEnvelopeHub}: the client's protocol handling. */
class SharedWorkerFakeHubBrowserTest extends SharedWorkerScenarios {

    @Override
    HubFixture newHub() {
        return FakeEnvelopeHub.launch();
    }
}
