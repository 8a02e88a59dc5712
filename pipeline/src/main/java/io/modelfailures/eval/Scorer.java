package io.modelfailures.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Scores predicted failure records against gold labels with the same metrics, matching and
 * normalisation as the reference scorer {@code eval/score.py}.
 *
 * <p>Consumes one {@link Gold} and one list of {@link Predicted} failures (plus the predicted
 * document fields) per document; emits a {@link Metrics} map and per-document match counts.
 */
public final class Scorer {

  /** A labelled failure. */
  public record GoldFailure(
      String title,
      Integer line,
      String severity,
      String category,
      List<String> services,
      boolean hasFix) {}

  /** A labelled document. */
  public record Gold(
      String file,
      String sha256,
      Integer declaredTotal,
      Double declaredTrainingScore,
      List<GoldFailure> failures) {}

  /** A predicted failure, with the fields the scorer reads. */
  public record Predicted(
      String title,
      Integer line,
      String severity,
      String categoryRaw,
      List<String> services,
      boolean hasFix) {}

  /** Predicted document-level fields. */
  public record PredictedDoc(Integer declaredTotal, Double declaredTrainingScore) {}

  /** One document's outcome, for the per-document report. */
  public record DocResult(String file, int gold, int predicted, int matched, List<String> misses) {}

  private int tp;
  private int fp;
  private int fn;
  private int countExact;
  private int sevOk;
  private int sevN;
  private int svcTp;
  private int svcFp;
  private int svcFn;
  private int fixOk;
  private int fixN;
  private int catOk;
  private int catN;
  private int catFalse;
  private int totOk;
  private int totN;
  private int scoreOk;
  private int scoreN;
  private int docs;
  private int docsSeen;
  private final List<DocResult> perDoc = new ArrayList<>();

  private static final Pattern PUNCT = Pattern.compile("[`*_#>\\[\\]()\"':;,.!?/\\\\-]");
  private static final Pattern NOISE =
      Pattern.compile(
          "\\b(error|bug|issue|failure|fault|fix|critical|high|medium|low|n)\\b\\s*#?\\d*");

  static List<String> normTitle(String t) {
    String s = t == null ? "" : t.toLowerCase(Locale.ROOT);
    s = PUNCT.matcher(s).replaceAll(" ");
    s = NOISE.matcher(s).replaceAll(" ");
    List<String> out = new ArrayList<>();
    for (String w : s.trim().split("\\s+")) {
      if (!w.isEmpty() && !w.chars().allMatch(Character::isDigit)) {
        out.add(w);
      }
    }
    return out;
  }

  static double jaccard(List<String> a, List<String> b) {
    Set<String> sa = new HashSet<>(a);
    Set<String> sb = new HashSet<>(b);
    if (sa.isEmpty() || sb.isEmpty()) {
      return 0.0;
    }
    Set<String> inter = new HashSet<>(sa);
    inter.retainAll(sb);
    Set<String> union = new HashSet<>(sa);
    union.addAll(sb);
    return (double) inter.size() / union.size();
  }

  private static final Map<String, String> ALIAS = new LinkedHashMap<>();

  static {
    String[] pairs = {
      "route53",
      "route53",
      "secretsmanager",
      "secretsmanager",
      "ssm",
      "ssm",
      "systemsmanager",
      "ssm",
      "parameterstore",
      "ssm",
      "ssmparameterstore",
      "ssm",
      "alb",
      "elb",
      "nlb",
      "elb",
      "applicationloadbalancer",
      "elb",
      "elbv2",
      "elb",
      "elasticloadbalancing",
      "elb",
      "loadbalancer",
      "elb",
      "cloudwatchlogs",
      "cloudwatchlogs",
      "logs",
      "cloudwatchlogs",
      "xray",
      "xray",
      "firehose",
      "kinesisfirehose",
      "kinesisdatafirehose",
      "kinesisfirehose",
      "wafv2",
      "waf",
      "eventbridge",
      "eventbridge",
      "cloudwatchevents",
      "eventbridge",
      "autoscaling",
      "autoscaling",
      "ec2autoscaling",
      "autoscaling",
      "stepfunctions",
      "stepfunctions",
      "sfn",
      "stepfunctions",
      "apigateway",
      "apigateway",
      "apigatewayv2",
      "apigateway",
      "certificatemanager",
      "acm",
      "awsbackup",
      "backup",
      "elasticcontainerservice",
      "ecs",
      "dynamo",
      "dynamodb",
      "iamrole",
      "iam",
      "securitygroup",
      "ec2",
      "securitygroups",
      "ec2",
      "natgateway",
      "vpc",
      "subnet",
      "vpc",
      "vpcflowlogs",
      "vpc",
      "flowlogs",
      "vpc",
      "aurora",
      "rds",
      "rdsaurora",
      "rds",
      "elasticache",
      "elasticache",
      "simplestorageservice",
      "s3",
      "keymanagementservice",
      "kms"
    };
    for (int i = 0; i < pairs.length; i += 2) {
      ALIAS.put(pairs[i], pairs[i + 1]);
    }
  }

  static String normService(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceFirst("^(aws|amazon)[\\s:_-]*", "");
    t = t.replaceAll("[\\s_\\-]", "");
    return ALIAS.getOrDefault(t, t);
  }

  /** Scores one document; {@code doc} is null when the pipeline emitted no document record. */
  public void add(Gold gold, List<Predicted> pred, PredictedDoc doc) {
    docs++;
    if (doc != null || !pred.isEmpty()) {
      docsSeen++;
    }
    List<GoldFailure> g = gold.failures();
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < g.size(); i++) {
      List<String> gt = normTitle(g.get(i).title());
      for (int j = 0; j < pred.size(); j++) {
        double s = jaccard(gt, normTitle(pred.get(j).title()));
        Integer pl = pred.get(j).line();
        Integer gl = g.get(i).line();
        if (pl != null && gl != null && Math.abs(pl - gl) <= 1) {
          s = Math.max(s, 0.6);
        }
        if (s >= 0.4) {
          pairs.add(new double[] {s, i, j});
        }
      }
    }
    // Python sorts the (s, i, j) tuples in reverse: highest score, then highest i, then j.
    pairs.sort(
        (a, b) -> {
          for (int k = 0; k < 3; k++) {
            int c = Double.compare(b[k], a[k]);
            if (c != 0) {
              return c;
            }
          }
          return 0;
        });
    Set<Integer> ug = new HashSet<>();
    Set<Integer> up = new HashSet<>();
    List<int[]> match = new ArrayList<>();
    for (double[] p : pairs) {
      int i = (int) p[1];
      int j = (int) p[2];
      if (ug.contains(i) || up.contains(j)) {
        continue;
      }
      ug.add(i);
      up.add(j);
      match.add(new int[] {i, j});
    }
    tp += match.size();
    fp += pred.size() - match.size();
    fn += g.size() - match.size();
    if (pred.size() == g.size()) {
      countExact++;
    }
    List<String> misses = new ArrayList<>();
    for (int i = 0; i < g.size(); i++) {
      if (!ug.contains(i)) {
        misses.add("missed  L" + g.get(i).line() + " " + g.get(i).title());
      }
    }
    for (int j = 0; j < pred.size(); j++) {
      if (!up.contains(j)) {
        misses.add("extra   L" + pred.get(j).line() + " " + pred.get(j).title());
      }
    }
    for (int[] m : match) {
      GoldFailure gf = g.get(m[0]);
      Predicted pf = pred.get(m[1]);
      String ps = pf.severity();
      sevN++;
      if (Objects.equals(ps, gf.severity())) {
        sevOk++;
      } else {
        misses.add("severity L" + gf.line() + " gold=" + gf.severity() + " pred=" + ps);
      }
      Set<String> gs = new HashSet<>();
      gf.services().forEach(x -> gs.add(normService(x)));
      Set<String> pss = new HashSet<>();
      pf.services().forEach(x -> pss.add(normService(x)));
      Set<String> both = new HashSet<>(gs);
      both.retainAll(pss);
      svcTp += both.size();
      svcFp += pss.size() - both.size();
      svcFn += gs.size() - both.size();
      if (!gs.equals(pss)) {
        misses.add("services L" + gf.line() + " gold=" + gs + " pred=" + pss);
      }
      fixN++;
      if (pf.hasFix() == gf.hasFix()) {
        fixOk++;
      } else {
        misses.add("has_fix L" + gf.line() + " gold=" + gf.hasFix());
      }
      String gc = gf.category();
      String pc = pf.categoryRaw();
      if (gc != null && !gc.isEmpty()) {
        catN++;
        if ((pc == null ? "" : pc.strip().toLowerCase(Locale.ROOT))
            .equals(gc.strip().toLowerCase(Locale.ROOT))) {
          catOk++;
        } else {
          misses.add("category L" + gf.line() + " gold=" + gc + " pred=" + pc);
        }
      } else if (pc != null && !pc.isEmpty()) {
        catFalse++;
        misses.add("category L" + gf.line() + " gold=null pred=" + pc);
      }
    }
    if (doc != null) {
      totN++;
      if (Objects.equals(doc.declaredTotal(), gold.declaredTotal())) {
        totOk++;
      } else {
        misses.add("declared_total gold=" + gold.declaredTotal() + " pred=" + doc.declaredTotal());
      }
      scoreN++;
      Double ds = doc.declaredTrainingScore();
      Double gsc = gold.declaredTrainingScore();
      if ((ds == null && gsc == null) || (ds != null && gsc != null && Math.abs(ds - gsc) < 0.01)) {
        scoreOk++;
      } else {
        misses.add("training_score gold=" + gsc + " pred=" + ds);
      }
    }
    perDoc.add(new DocResult(gold.file(), g.size(), pred.size(), match.size(), misses));
  }

  private static double r3(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private static double ratio(int a, int b) {
    return b == 0 ? 0.0 : (double) a / b;
  }

  /** The metrics, in the reference scorer's order and rounding. */
  public Map<String, Number> metrics() {
    double prec = ratio(tp, tp + fp);
    double rec = ratio(tp, tp + fn);
    double f1 = prec + rec == 0 ? 0.0 : 2 * prec * rec / (prec + rec);
    double sp = ratio(svcTp, svcTp + svcFp);
    double sr = ratio(svcTp, svcTp + svcFn);
    Map<String, Number> out = new LinkedHashMap<>();
    out.put("docs_gold", docs);
    out.put("docs_seen", docsSeen);
    out.put("failures_gold", tp + fn);
    out.put("failures_pred", tp + fp);
    out.put("detect_precision", r3(prec));
    out.put("detect_recall", r3(rec));
    out.put("detect_f1", r3(f1));
    out.put("doc_count_exact", r3(ratio(countExact, docs)));
    out.put("severity_acc", r3(ratio(sevOk, sevN)));
    out.put("service_precision", r3(sp));
    out.put("service_recall", r3(sr));
    out.put("service_f1", r3(sp + sr == 0 ? 0.0 : 2 * sp * sr / (sp + sr)));
    out.put("has_fix_acc", r3(ratio(fixOk, fixN)));
    out.put("category_acc", r3(ratio(catOk, catN)));
    out.put("category_invented", catFalse);
    out.put("declared_total_acc", r3(ratio(totOk, totN)));
    out.put("declared_score_acc", r3(ratio(scoreOk, scoreN)));
    return out;
  }

  public List<DocResult> perDocument() {
    return perDoc;
  }
}
