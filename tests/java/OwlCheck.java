import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.NTriplesDocumentFormat;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * Loads RDF files with the OWL API (what Protégé uses) and reports, one JSON
 * object per line and per file: unparsed triples, OWL 2 DL profile violations
 * and axiom counts.
 *
 * Usage: OwlCheck [--format turtle|rdfxml|ntriples] FILE... (the format
 * applies to the files after it; without it the file extension decides).
 */
public final class OwlCheck {
    private OwlCheck() {}

    public static void main(String[] args) {
        String format = null;
        int failures = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--format")) {
                format = args[++i];
                continue;
            }
            String line;
            try {
                line = check(new File(args[i]), format);
            } catch (Exception e) {
                failures++;
                line = "{\"path\":" + str(args[i]) + ",\"error\":" + str(e.toString()) + "}";
            }
            System.out.println(line);
        }
        System.out.flush();
        System.exit(failures == 0 ? 0 : 1);
    }

    private static OWLDocumentFormat formatFor(File file, String hint) {
        String name = hint != null ? hint : file.getName().toLowerCase();
        if (name.equals("turtle") || name.endsWith(".ttl")) {
            return new TurtleDocumentFormat();
        }
        if (name.equals("ntriples") || name.endsWith(".nt")) {
            return new NTriplesDocumentFormat();
        }
        if (name.equals("rdfxml") || name.endsWith(".owl") || name.endsWith(".rdf")) {
            return new RDFXMLDocumentFormat();
        }
        throw new IllegalArgumentException("unknown format for " + file + ": use --format");
    }

    private static String check(File file, String hint) throws Exception {
        // One manager per file: two files may declare the same ontology IRI.
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        OWLOntology o = manager.loadOntologyFromOntologyDocument(
                new FileDocumentSource(file, formatFor(file, hint)), config);

        long unparsed = 0;
        long triples = -1;
        List<String> unparsedSample = new ArrayList<>();
        List<String> guessed = new ArrayList<>();
        Optional<OWLOntologyLoaderMetaData> meta =
                manager.getOntologyFormat(o).getOntologyLoaderMetaData();
        if (meta.isPresent() && meta.get() instanceof RDFParserMetaData) {
            RDFParserMetaData rdf = (RDFParserMetaData) meta.get();
            List<String> all = rdf.getUnparsedTriples().map(Object::toString).sorted()
                    .collect(Collectors.toList());
            unparsed = all.size();
            unparsedSample.addAll(all.subList(0, Math.min(20, all.size())));
            triples = rdf.getTripleCount();
            rdf.getGuessedDeclarations().asMap().forEach((iri, kinds) ->
                    guessed.add(iri + " " + kinds.stream().map(Class::getSimpleName)
                            .sorted().collect(Collectors.joining(","))));
        }
        List<String> violations = new OWL2DLProfile().checkOntology(o).getViolations().stream()
                .map(OWLProfileViolation::toString).sorted().collect(Collectors.toList());

        StringBuilder b = new StringBuilder("{");
        b.append("\"path\":").append(str(file.getPath()));
        b.append(",\"ontology_iri\":").append(str(o.getOntologyID().getOntologyIRI()
                .map(Object::toString).orElse("")));
        b.append(",\"triples\":").append(triples);
        b.append(",\"unparsed_triples\":").append(unparsed);
        b.append(",\"unparsed_sample\":").append(list(unparsedSample));
        b.append(",\"guessed_declarations\":").append(list(guessed));
        b.append(",\"dl_violations\":").append(list(violations));
        b.append(",\"axioms\":").append(o.getAxiomCount());
        b.append(",\"logical_axioms\":").append(o.getLogicalAxiomCount());
        b.append(",\"declarations\":").append(o.getAxiomCount(AxiomType.DECLARATION));
        b.append(",\"class_assertions\":").append(o.getAxiomCount(AxiomType.CLASS_ASSERTION));
        b.append(",\"classes\":").append(o.getClassesInSignature(Imports.EXCLUDED).size());
        b.append(",\"object_properties\":")
                .append(o.getObjectPropertiesInSignature(Imports.EXCLUDED).size());
        b.append(",\"data_properties\":")
                .append(o.getDataPropertiesInSignature(Imports.EXCLUDED).size());
        b.append(",\"annotation_properties\":")
                .append(o.getAnnotationPropertiesInSignature(Imports.EXCLUDED).size());
        b.append(",\"individuals\":").append(o.getIndividualsInSignature(Imports.EXCLUDED).size());
        b.append("}");
        return b.toString();
    }

    private static String list(List<String> items) {
        return items.stream().map(OwlCheck::str).collect(Collectors.joining(",", "[", "]"));
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
