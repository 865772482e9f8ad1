package k3d.analysis;

import java.util.function.IntPredicate;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

/** The {@code ngram} tokenizer (no {@code index.max_ngram_diff} check, see NGramTokenFilterFactory). */
@NamedComponent("ngram")
public class NGramTokenizerFactory implements TokenizerFactory {

    private final int minGram;
    private final int maxGram;
    private final IntPredicate tokenChars;

    @Inject
    public NGramTokenizerFactory(NGramTokenizerSettings settings) {
        this.minGram = settings.minGram();
        this.maxGram = settings.maxGram();
        this.tokenChars = TokenChars.parse(settings);
    }

    @Override
    public Tokenizer create() {
        if (tokenChars == null) {
            return new NGramTokenizer(minGram, maxGram);
        }
        return new NGramTokenizer(minGram, maxGram) {
            @Override
            protected boolean isTokenChar(int chr) {
                return tokenChars.test(chr);
            }
        };
    }
}
