package k3d.analysis;

import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/** Settings of the {@code ngram} and {@code edge_ngram} token filters (same keys and defaults as Elasticsearch). */
@AnalysisSettings
public interface NGramFilterSettings {
    @IntSetting(path = "min_gram", defaultValue = 1)
    int minGram();

    @IntSetting(path = "max_gram", defaultValue = 2)
    int maxGram();

    /** Also emit the whole token when it is shorter than min_gram or longer than max_gram. */
    @BooleanSetting(path = "preserve_original", defaultValue = false)
    boolean preserveOriginal();

    /** {@code edge_ngram} only (deprecated in Elasticsearch): "front" or "back". */
    @StringSetting(path = "side", defaultValue = "front")
    String side();
}
