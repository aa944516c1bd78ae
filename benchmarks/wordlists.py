"""Word lists for the benchmark corpus: research vocabulary, names, venues and tags.

Only data lives here; `generate.py` turns it into a Zipf-distributed vocabulary. Lists are
whitespace-separated strings so they stay compact; order matters only for `HEAD` (the most
frequent words, most frequent first).
"""

from __future__ import annotations

# The most frequent content words of ML/CS/physics abstracts, roughly most frequent first.
HEAD = """
model models learning data method network neural results performance approach training
show propose task tasks based large framework deep problem methods datasets dataset using
new time language diffusion image images transformer propose state inference systems system
representation representations generation distribution quality existing demonstrate
information features feature structure analysis efficient algorithm algorithms attention
prediction optimization graph different tokens token generative text video reasoning
benchmark benchmarks evaluation scale sampling loss flow policy reinforcement agent agents
multiple set high low small performance problems recent work propose significant memory
parameters parameter accuracy robust robustness latent space spaces function functions
energy quantum field theory physical dynamics simulation experimental experiments
distillation knowledge student teacher rectified fine tuning pretrained pretraining
"""

# Families of related forms, so stems and prefixes behave like a real corpus.
FAMILIES = """
distill distills distilled distilling distillation distillations distiller
diffuse diffuses diffused diffusing diffusion diffusions diffusive diffusivity
rectify rectifies rectified rectifying rectification rectifier rectifiers
transform transforms transformed transforming transformation transformations transformer
transformers transformative
flow flows flowed flowing
generate generates generated generating generation generations generator generators
generative generalize generalizes generalized generalizing generalization
optimize optimizes optimized optimizing optimization optimizer optimizers optimal
optimality suboptimal
quantize quantizes quantized quantizing quantization quantizer
normalize normalizes normalized normalizing normalization normalizer
regularize regularizes regularized regularizing regularization regularizer
align aligns aligned aligning alignment alignments misaligned misalignment
attend attends attended attending attention attentional
compress compresses compressed compressing compression compressive compressor
embed embeds embedded embedding embeddings
encode encodes encoded encoding encodings encoder encoders
decode decodes decoded decoding decoder decoders
predict predicts predicted predicting prediction predictions predictive predictor
estimate estimates estimated estimating estimation estimator estimators
segment segments segmented segmenting segmentation
classify classifies classified classifying classification classifier classifiers
retrieve retrieves retrieved retrieving retrieval retriever
reason reasons reasoned reasoning reasoner
plan plans planned planning planner planners
scale scales scaled scaling scalable scalability
sample samples sampled sampling sampler samplers
train trains trained training trainer trainable
adapt adapts adapted adapting adaptation adaptive adaptivity adapter adapters
supervise supervised supervising supervision unsupervised semisupervised
converge converges converged converging convergence convergent
interpolate interpolates interpolated interpolating interpolation
simulate simulates simulated simulating simulation simulations simulator
measure measures measured measuring measurement measurements
entangle entangled entanglement entangling disentangle disentangled disentanglement
localize localized localization delocalized delocalization
polarize polarized polarization polarizability
superconduct superconducting superconductor superconductors superconductivity
magnetize magnetized magnetization magnetic magnetism
renormalize renormalized renormalization
synthesize synthesizes synthesized synthesizing synthesis synthetic
personalize personalized personalization
hallucinate hallucinates hallucinated hallucination hallucinations
verify verifies verified verifying verification verifier verifiers
prune pruned pruning
tokenize tokenized tokenizer tokenizers tokenization
"""

# Other research words; nouns get plural forms added by the generator.
NOUNS = """
abstraction accelerator acquisition action activation actor adversary agreement aggregation
allocation ambiguity amplitude anchor annotation anomaly answer approximation architecture
argument array assembly assumption asymmetry atom attack attribute augmentation autoencoder
automaton axis backbone backpropagation bandit bandwidth barrier baseline basis batch belief
bias binding bit block boundary bound bottleneck branch buffer cache calibration camera
capacity caption cascade catalyst category causality cell chain channel charge checkpoint
circuit citation claim cluster clustering code codebook coefficient cognition coherence
collision color combination compiler complexity component composition computation concept
condition conductance conductivity confidence configuration conflict connection consensus
consistency constraint contact context contrast contribution control controller convolution
coordinate corpus correction correlation cost coupling covariance coverage crystal curriculum
curvature cycle decision decomposition defect deformation degree delay demand denoiser density
dependency deployment depth derivative descriptor design detection detector deviation device
diagnosis dialogue dictionary difference dimension dimensionality discrepancy discretization
discriminator disorder dispersion distance divergence document domain dropout dual duality
edge efficiency eigenvalue electron element emission emulator ensemble entity entropy
environment episode epoch equation equilibrium equivariance error evidence evolution exchange
excitation expert explanation exploration exponent expression extraction factor factorization
failure fairness fermion fidelity filter filtration fluctuation flux force forecast forgetting
formalism formula fraction frame frequency frontier fusion game gap gate gauge gene genome
geometry gesture gradient grammar granularity graphene grid ground guarantee guidance
hardware head heuristic hierarchy histogram horizon hypothesis identification identity
illumination implementation imputation incentive index inductance inequality instability
instance instruction integral integration intelligence interaction interface interference
interpretation interval intervention invariance inversion isomorphism iteration joint
kernel keypoint label landscape language lattice law layer lead leakage lens lexicon library
likelihood limit lineage link literature lock logic logit loop lower machine magnitude
manifold manipulation map mapping margin marker market mask matching material matrix maximum
mechanism medium membrane memory mesh message metric microscope minimum mixture mode modality
modulation module molecule moment momentum monitor morphology motif motion network neuron
node noise norm notion nucleus number object objective observable observation occupancy
operator opinion oracle orbit order oscillation oscillator outcome outlier output overlap
pair paradigm particle partition patch path pathway pattern penalty perception perspective
perturbation phase phenomenon phonon photon pipeline pixel plasma platform point polymer
pool population portfolio posterior potential precision predicate preference primitive prior
probability probe procedure process processor product profile program projection prompt
proof property protein protocol prototype proxy pulse query queue radiation radius range
ranking rate ratio reaction reader reality reconstruction record recovery recurrence
redundancy reference refinement region regime regression regret relation relaxation
reliability renderer replay report repository requirement residual resolution resonance
resource response retention reward risk robot rollout rotation route rule run scaffold
scenario scene schedule schema score search segment selection semantic sensor sequence
server setting shape shift signal signature similarity singularity sketch skill slot
snapshot solution solver source spectrum speech speedup sphere spin stability stage standard
statistic step stimulus storage strategy stream strength stress subgraph subspace summary
surface surrogate survey symmetry syntax table target technique temperature template tensor
term test texture threshold throughput topic topology trace tracker trade trajectory
transition transport tree trend trial triangle tuple turbulence uncertainty unit update
utility valley value variable variance variant vector velocity verifier vertex view
viewpoint vision vocabulary voltage volume vortex wave wavelength weight window word
workload world
"""

# Adjectives, techniques and domain terms used as they are.
OTHER = """
abstractive accurate acoustic active additive adjoint affine agentic algebraic amortized
analytic anisotropic approximate arbitrary asymptotic asynchronous atomic autoregressive
auxiliary average bayesian bidirectional bilinear binary biological bipartite canonical
categorical causal centralized chaotic chemical classical clinical closed coarse cognitive
collaborative combinatorial compact comparative competitive complementary complex
compositional computational concurrent conditional conformal conservative consistent
continual continuous contrastive convex cooperative correct critical cross cryogenic
cumulative curved cyclic decentralized deterministic differentiable differential digital
dimensional directed discrete discriminative distributed diverse dominant dynamic effective
elastic electronic elliptic empirical end endogenous equivariant ergodic euclidean exact
explicit exponential expressive extreme factual faithful federated few finite flexible
formal fractional frozen functional fundamental gaussian generic geometric global granular
greedy hamiltonian harmonic heavy hierarchical heterogeneous hidden high holistic
homogeneous hybrid hyperbolic implicit incremental independent inductive inertial infinite
informative instructional integrable interactive intrinsic invariant inverse irreversible
isotropic iterative joint kinetic lagrangian lateral lightweight linear local logical
longitudinal lossless lossy low malicious markovian masked massive mathematical maximal
mechanical medical metastable microscopic minimal mixed modular molecular monotone
multilingual multimodal multiscale mutual native natural nonconvex nonlinear nonlocal
nonparametric novel nuclear numerical offline online open optical orthogonal parallel
parametric partial passive periodic persistent photonic physical planar plastic pointwise
polynomial positional practical principled private probabilistic procedural provable
quadratic qualitative quantitative quantum radial random real recurrent recursive redundant
relational relativistic relative reliable residual reversible riemannian rigid robust
scalar scientific secure selective semantic sequential shallow sharp sparse spatial
spatiotemporal spectral spherical stable static stationary statistical stochastic
structural structured subspace supervised surgical symbolic symmetric synchronous systematic
tabular temporal textual theoretical thermal thermodynamic topological tractable transient
transparent trustworthy turbulent uniform unified universal unstructured variational
versatile visual volumetric weak wireless zero fast slow straight efficient
ablation accelerated adamw alpaca anchoring arxiv backdoor benchmarking bert bootstrapping
chatbot cifar clip coco codec coreset crowdsourcing dataflow deepfake denoising diffusers
dino distributional dpo dreambooth electroweak exoplanet finetuning flops fpga gan gpt gpu
gpus hadron hessian holography imagenet jailbreak jax lidar llama llm llms lora mamba
mixup moe mri nerf ode pde photometric pinn ppo qubit qubits rag rlhf rnn sde sgd
shapley softmax spintronic tpu unet vae vit wasserstein webgpu xgboost yolo zeroshot
chromodynamics cosmological cosmology dark matter galaxy galaxies gravitational inflation
neutrino neutrinos quark quarks gluon gluons boson bosons higgs hadronic lepton leptons
muon muons axion axions baryon baryons photonics spintronics magnonics plasmonics
metamaterial metamaterials graphite perovskite perovskites topological insulator insulators
anyon anyons majorana fermionic bosonic skyrmion skyrmions exciton excitons polariton
polaritons soliton solitons instanton instantons holographic entropic thermalization
decoherence qubit tomography interferometry spectroscopy crystallography microscopy
genomics proteomics transcriptomics epigenetic phylogenetic metabolic neuroscience
connectome cortical hippocampal synaptic dendritic axonal neuromorphic
compiler compilers kernel kernels scheduler schedulers hypervisor virtualization
cryptography cryptographic homomorphic blockchain consensus byzantine fault tolerant
malware phishing firewall intrusion provenance differential privacy anonymization
robotics manipulator locomotion quadruped humanoid grasping teleoperation odometry slam
"""

FUNCTION_WORDS = """
the the the the of of of and and and to to in in a a we we is is that for on with by this
our are as which from be can an it its at these or while both than into when also not
only such between across under over without through their via each more most how
"""

CONNECTORS = ["for", "with", "via", "of", "in", "and", "on", "from", "through", "beyond", "using"]
TITLE_OPENERS = ["Towards", "On the", "Learning", "Rethinking", "Understanding", "Scaling", "When"]

# Pieces for the long tail of made-up but plausible technical terms.
PREFIXES = """
hyper meta auto neuro quasi pseudo poly multi omni micro nano macro cryo electro photo thermo
magneto spectro chrono geo bio chemo cyto proto retro ortho para iso hetero homo semi sub
super trans inter intra infra ultra mono bi tri tetra co counter cross over under post pre
re de non anti holo topo morpho socio psycho astro aero hydro litho plasmo opto mechano
graph tensor flux quant lex sem syn dia epi endo exo peri
"""
ROOTS = """
graph morph form flow tensor kern spectr lattic phon magn skyrm quant top vari entrop manifold
spars cod token gram lex syntact semant pixel vox mesh field wav puls scal grad norm gauss
plast ferr dielectr fluid turbul vortic kinet therm calor electr photon optic lumin chrom
sonic acoust neur syn cortic gen prote cell lipid enzym catal oxid redox polymer crystall
glass gel colloid foam granul fract spin orbit boson fermion hadron lepton quark glu neutr
plasm ion nucle atom molec clust node edg path rout mesh grid tile patch strid pool attent
transform diffus distill rectif encod decod embed retriev rank align prompt agent plan
reason verif prov infer predict estim sampl optim regul compress quantiz prun adapt
"""
SUFFIXES = """
ic al ity ization izer net let on ons ics ive ous ment former tron scope gram metry genic
philic oid ase ism ist ant ence ency ator ure ing ed ly ium ion ology onomy ome omics ite
"""

SYLLABLES = """
ka lo mi ra ve no si ta de fu zo ri pa ne ko lu xa qi be do ga hi ju ma nu po sa ti vo wa
ye zu bri cla dra fle glo kri pla sto tru vla zen quo rix tal mor ven dex lum pix nov sol
"""

FIRST_NAMES = """
Wei Jing Li Yang Hao Xin Yu Jie Lei Min Chen Zhi Tao Rui Ming Yan Hui Qiang Ying Fang
John Michael David James Robert William Daniel Thomas Andrew Christopher Matthew Joseph
Sarah Emily Anna Laura Maria Elena Sofia Julia Emma Olivia Hannah Clara Lucia Marta Eva
Alexander Sebastian Felix Lukas Jonas Tobias Florian Maximilian Moritz Jan Niklas Paul
Pierre Antoine Julien Nicolas Guillaume Mathieu Hugo Louis Camille Chloé Léa Zoë
Giovanni Marco Luca Alessandro Francesco Matteo Andrea Stefano Giulia Chiara Federica
Carlos Javier Alejandro Miguel Pablo Diego Sergio Raúl José Ángel Inés Lucía Nuria
Hiroshi Takashi Yuki Kenji Satoshi Akira Haruto Yuto Sakura Aiko Naoki Ryo
Arjun Rahul Priya Ananya Vikram Rohan Siddharth Aditya Kavya Neha Amit Sanjay
Ivan Dmitri Sergei Alexei Mikhail Olga Natalia Tatiana Yulia Irina
Jürgen Björn Søren Håkon Łukasz Paweł Tomáš Jiří Zoltán Gábor András Ömer Çağlar
Frédéric Sébastien François André Hélène Joël Noël Aurélien Benoît Rémi
Mohammed Ahmed Omar Fatima Yasmin Ali Hassan Layla Amir Reza Mehdi Sara
Kwame Ngozi Chinedu Amara Tendai Thabo Zanele Oluwaseun Adaeze Kofi
Minjun Seoyeon Jiwoo Hyun Joon Soyeon Taehyun Eunji Dongwoo Jaewon
"""

LAST_NAMES = """
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo
Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin
Jackson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green
Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch
Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann
Stützle Schölkopf Großmann Jäger Köhler Günther Böhm Lühr Vogelsänger Dürr
Dubois Lefebvre Moreau Laurent Simon Michel Garnier Faure Rousseau Blanc Guérin Lefèvre
Jégou Hervé Bélanger Côté Gagné Lévesque Béranger Mézard Pétrot Cordonnier
Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti
García Gómez Rodríguez Fernández López Martínez Sánchez Pérez Martín Jiménez Ruiz
Hernández Díaz Moreno Muñoz Álvarez Romero Navarro Torres Domínguez Vázquez Núñez Peña
Tanaka Suzuki Takahashi Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Sato Inoue
Sharma Patel Gupta Singh Kumar Reddy Iyer Nair Menon Agarwal Banerjee Chatterjee Mehta
Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon
Ivanov Petrov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov
Nowak Kowalski Wiśniewski Wójcik Kowalczyk Kamiński Lewandowski Zieliński Dvořák Novák
Svoboda Černý Procházka Kučera Horváth Szabó Tóth Kovács Nagy Yılmaz Kaya Demir Çelik
Şahin Öztürk Aydın Østergaard Søgaard Nørgaard Hansen Jensen Nielsen Andersen Larsen
Johansson Andersson Karlsson Nilsson Eriksson Lindqvist Åström Bäckström Löfgren
Okafor Mensah Adeyemi Nkosi Mwangi Kamau Abebe Haile Osei Boateng
Cohen Levi Friedman Katz Rosen Goldberg Shapiro Klein Weiss Mizrahi
Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do
"""

VENUES = [
    "NeurIPS",
    "ICML",
    "ICLR",
    "CVPR",
    "ICCV",
    "ECCV",
    "ACL",
    "EMNLP",
    "NAACL",
    "AAAI",
    "IJCAI",
    "KDD",
    "WWW",
    "SIGIR",
    "SIGGRAPH",
    "CoRL",
    "RSS",
    "ICRA",
    "IROS",
    "UAI",
    "AISTATS",
    "COLT",
    "TMLR",
    "JMLR",
    "IEEE TPAMI",
    "Nature",
    "Science",
    "Nature Physics",
    "Physical Review Letters",
    "Physical Review B",
    "Physical Review D",
    "JHEP",
    "Nature Communications",
    "PNAS",
    "OSDI",
    "SOSP",
    "NSDI",
    "PLDI",
    "POPL",
    "USENIX Security",
    "CCS",
    "STOC",
    "FOCS",
    "SODA",
    "Bioinformatics",
    "Nature Methods",
    "Cell",
]

OLD_ARXIV_ARCHIVES = ["hep-th", "hep-ph", "cond-mat", "quant-ph", "astro-ph", "cs", "math"]

DOI_PREFIXES = [
    "10.1109",
    "10.1145",
    "10.1007",
    "10.1038",
    "10.1103",
    "10.1016",
    "10.1162",
    "10.18653",
    "10.1126",
    "10.1093",
    "10.1371",
    "10.48550",
]

TAG_TOPICS = """
diffusion transformers llm rl robotics vision nlp speech graphs theory optimization
generative-models distillation quantization pruning efficiency interpretability alignment
safety fairness privacy security federated-learning meta-learning continual-learning
self-supervised contrastive retrieval rag agents reasoning planning math code multimodal
video 3d nerf gaussian-splatting segmentation detection tracking pose medical biology
chemistry materials physics quantum cosmology astro climate weather time-series tabular
recsys search ranking causality bayesian uncertainty calibration ood robustness adversarial
benchmark dataset survey tutorial position-paper theory-heavy empirical negative-result
reproducibility systems compilers hardware gpu distributed scheduling databases networking
"""
TAG_PROJECTS = """
to-cite must-read reading-group journal-club thesis thesis-ch1 thesis-ch2 thesis-ch3
thesis-ch4 related-work baseline reimplement grant-2025 grant-2026 teaching lecture-notes
review-pending reviewed skim deep-read follow-up ask-advisor collab-mit collab-eth
project-atlas project-borealis project-cobalt project-delta project-ember project-fjord
ideas classic seminal outdated wrong-but-useful has-code no-code weights-released
favorite later maybe important revisit summer-reading workshop-2024 workshop-2025
icml-2025 neurips-2025 iclr-2026 cvpr-2026 rebuttal camera-ready slides blog-post
open-problems proofs-check datasets-to-try lab-meeting onboarding quals-prep
industry startup-ideas patents replication-failed sota
"""
