package io.modelfailures.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The canonical AWS service names ("S3", "CloudWatch Logs", "Route 53", ...) and the ways of
 * recognising them, read from the versioned data file {@code services.v1.json} next to this class.
 *
 * <p>Consumes service spellings (a metadata entry such as "Amazon S3", a CloudFormation or
 * Terraform type) and free text (failure titles, prose, code blocks); emits canonical names as the
 * gold labels spell them (see LABELING.md, section "services"). Instances are immutable and
 * thread-safe.
 */
public final class ServiceCatalog implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Classpath location of the catalog shipped with the pipeline. */
  static final String DEFAULT_RESOURCE = "services.v1.json";

  private final int version;
  private final List<Service> services;
  // Both indexes are rebuilt from the services on deserialisation (see readResolve), so only the
  // small source data travels when a pipeline ships this object to its workers.
  private final transient ServiceMatcher matcher;
  private final transient SpellingIndex spellings;

  /**
   * One service as the data file gives it: its canonical name and every way of writing it.
   *
   * @param name the canonical name
   * @param aliases names matched case-insensitively
   * @param cased names that are also everyday words, matched only with their capital letters
   * @param spellings names used by {@link #canonicalize} only
   * @param cloudformation CloudFormation resource-type prefixes ("AWS::S3::")
   * @param terraform Terraform resource-type prefixes ("aws_s3_")
   * @param code CDK, CDKTF, Pulumi and SDK spellings ("s3.Bucket", "S3Bucket")
   */
  record Service(
      String name,
      List<String> aliases,
      List<String> cased,
      List<String> spellings,
      List<String> cloudformation,
      List<String> terraform,
      List<String> code)
      implements Serializable {}

  private ServiceCatalog(int version, List<Service> services) {
    this.version = version;
    this.services = List.copyOf(services);
    this.matcher = new ServiceMatcher(this.services);
    this.spellings = new SpellingIndex(this.services);
  }

  /** Returns the catalog shipped with the pipeline, parsed once per class loader. */
  public static ServiceCatalog loadDefault() {
    return DefaultHolder.INSTANCE;
  }

  // Initialization-on-demand holder: the JVM parses the file lazily and exactly once.
  private static final class DefaultHolder {
    static final ServiceCatalog INSTANCE = loadResource(DEFAULT_RESOURCE);
  }

  private static ServiceCatalog loadResource(String name) {
    try (InputStream in = ServiceCatalog.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("service catalog resource not found: " + name);
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read service catalog " + name, e);
    }
  }

  /**
   * Parses a catalog in the {@code services.v1.json} format.
   *
   * @throws IllegalArgumentException if the document is not a valid catalog, or if one spelling is
   *     claimed by two services
   */
  static ServiceCatalog read(InputStream json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    if (root == null || !root.path("version").canConvertToInt() || !root.has("services")) {
      throw new IllegalArgumentException("catalog needs an integer 'version' and 'services'");
    }
    List<Service> services = new ArrayList<>();
    for (JsonNode node : root.path("services")) {
      String name = node.path("name").asText("");
      if (name.isBlank()) {
        throw new IllegalArgumentException("catalog service without a name: " + node);
      }
      services.add(
          new Service(
              name,
              strings(node, "aliases"),
              strings(node, "cased"),
              strings(node, "spellings"),
              strings(node, "cloudformation"),
              strings(node, "terraform"),
              strings(node, "code")));
    }
    return new ServiceCatalog(root.path("version").asInt(), services);
  }

  private static List<String> strings(JsonNode service, String field) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : service.path(field)) {
      String s = item.asText("").strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** Returns the data file's format version. */
  public int version() {
    return version;
  }

  /** Returns every canonical service name, in catalog order. */
  public List<String> serviceNames() {
    return services.stream().map(Service::name).toList();
  }

  /**
   * Maps one service spelling to its canonical name.
   *
   * <p>Consumes a single entry such as a metadata {@code aws_services} item ("Amazon S3", "aws
   * lambda", "Lambda Functions", "S3 Buckets", "Application Load Balancer (ALB)"), a CloudFormation
   * type ("AWS::S3::Bucket") or a Terraform type ("aws_s3_bucket"). Case, an "AWS"/"Amazon" prefix,
   * punctuation, plurals and trailing generic words ("functions", "roles", "alarms") are ignored.
   *
   * @return the canonical name, or empty when the spelling names no catalogued service
   *     ("Terraform", "Docker", null, blank)
   */
  public Optional<String> canonicalize(String spelling) {
    return spelling == null ? Optional.empty() : spellings.canonicalize(spelling);
  }

  /**
   * Finds every service that a piece of free text or code mentions.
   *
   * <p>Consumes any text: markdown prose, CloudFormation YAML/JSON, Terraform HCL, CDK, CDKTF or
   * Pulumi code. Recognises aliases on word boundaries, resource types and SDK/IaC identifiers;
   * where matches overlap at one position only the longest counts ("CloudWatch Logs", not also
   * "CloudWatch"). Runs in time linear in the text length.
   *
   * @return canonical names, each once, in order of first mention; empty for null or no mention
   */
  public List<String> findInText(String text) {
    return text == null || text.isEmpty() ? List.of() : matcher.find(text);
  }

  private Object readResolve() {
    return new ServiceCatalog(version, services);
  }
}
