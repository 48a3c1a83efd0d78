package dev.switchboard.cluster.redis;

/**
 * The Redis keys of one hub. The hub's name sits in a hash tag ({@code {name}}), so every key
 * of a hub lands on the same slot and the Lua scripts that touch several of them stay valid on
 * a Redis Cluster.
 */
record ClusterKeys(String lease, String fence, String stream, String seq, String epoch, String interest, String sends) {

    static ClusterKeys of(String prefix, String hub) {
        String base = prefix + "{" + hub + "}:";
        return new ClusterKeys(base + "lease", base + "fence", base + "stream", base + "seq", base + "epoch",
                base + "interest", base + "sends");
    }
}
