package k3d.analysis;

import java.util.Locale;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.reverse.ReverseStringFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** The {@code edge_ngram} token filter: prefixes of min_gram..max_gram characters ("side": "back" for suffixes). */
@NamedComponent("edge_ngram")
public class EdgeNGramTokenFilterFactory implements TokenFilterFactory {

    private final int minGram;
    private final int maxGram;
    private final boolean preserveOriginal;
    private final boolean back;

    @Inject
    public EdgeNGramTokenFilterFactory(NGramFilterSettings settings) {
        this.minGram = settings.minGram();
        this.maxGram = settings.maxGram();
        this.preserveOriginal = settings.preserveOriginal();
        String side = settings.side().toLowerCase(Locale.ROOT);
        if (!side.equals("front") && !side.equals("back")) {
            throw new IllegalArgumentException("invalid side: [" + settings.side() + "], expected [front] or [back]");
        }
        this.back = side.equals("back");
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        // Suffixes, as Elasticsearch does it: reverse, take prefixes, reverse back.
        TokenStream result = back ? new ReverseStringFilter(tokenStream) : tokenStream;
        result = new EdgeNGramTokenFilter(result, minGram, maxGram, preserveOriginal);
        return back ? new ReverseStringFilter(result) : result;
    }
}
