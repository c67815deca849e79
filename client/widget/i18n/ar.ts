import { LAUNCHER } from './launcher.js';
import { dayAndMonth } from './dates.js';
import type { WidgetMessages } from './messages.js';

/** Left-to-right isolate: keeps a phone number's digit groups in order inside Arabic text. */
const ltr = (text: string) => `\u2066${text}\u2069`;

/** Arabic (Modern Standard), right to left. */
export const ar: WidgetMessages = {
  ...LAUNCHER.ar,
  title: 'دردشة مع Brottsofferjouren (دعم ضحايا الجرائم)',
  hide: 'إخفاء الدردشة',
  quickExitHint: 'اضغط على مفتاح Esc مرتين لمغادرة هذه الصفحة بسرعة.',
  danger: 'هل أنت في خطر؟ اتصل بالرقم 112.',
  dangerQuestion: 'هل أنت في خطر الآن؟',
  dangerYes: 'نعم',
  dangerNo: 'لا',
  dangerCall: 'اتصل بالرقم 112',
  dangerStillChat:
    'اتصل بالرقم 112 الآن إن استطعت. يمكنك أيضًا الدردشة معنا: اختر أدناه وستتقدّم على الآخرين في قائمة الانتظار.',
  intro:
    'ستتحدث مع متطوع مدرَّب من جمعية دعم ضحايا الجرائم. أنت مجهول الهوية، والدردشة مشفّرة، ولا يُحفظ أي شيء.',
  anonymous: 'لست مضطرًا إلى ذكر اسمك أو من تكون.',
  chooseRoute: 'اختر ما ينطبق عليك:',
  routeAdult: 'عمري 20 سنة أو أكثر',
  routeYouth: 'عمري أقل من 20 سنة',
  phone: (number) => `يمكنك أيضًا الاتصال بالرقم ${ltr(number)}.`,
  call: (number) => `اتصل بالرقم ${ltr(number)}.`,
  callNow: (number) => `اتصل بالرقم ${ltr(number)}: خط الهاتف مفتوح الآن.`,
  phoneOpens: (number, when) => `يُفتح خط الهاتف ${ltr(number)} ${when}.`,
  routeName: (route) => ({ adult: '20 سنة أو أكثر', youth: 'أقل من 20 سنة' })[route],
  weekdays: ['الاثنين', 'الثلاثاء', 'الأربعاء', 'الخميس', 'الجمعة', 'السبت', 'الأحد'],
  opensAt: (inDays, weekday, time) =>
    inDays === 0
      ? `اليوم الساعة ${time}`
      : inDays === 1
        ? `غدًا الساعة ${time}`
        : `يوم ${weekday} الساعة ${time}`,
  closedUntil: (when) => `الدردشة مغلقة الآن. تُفتح ${when}.`,
  closedForNow: 'الدردشة مغلقة في الوقت الحالي.',
  closedToday: 'الدردشة مغلقة اليوم.',
  dayOfMonth: (date) => dayAndMonth('ar-u-nu-latn', date),
  allClosed: 'الدردشة مغلقة الآن.',
  opens: (when) => `تُفتح ${when}.`,
  aroundTheClock: 'خطوط مفتوحة على مدار الساعة:',
  nobodyAvailable: 'لا يوجد متطوع متاح الآن. لا يزال بإمكانك الانتظار في قائمة الانتظار.',
  nobodyOnDuty: 'لا يوجد متطوع متاح الآن. ستحتفظ بمكانك، لكن قد يستغرق الأمر بعض الوقت.',
  estimate: (minutes) =>
    `مدة الانتظار المتوقعة: حوالي ${minutes} ${minutes >= 3 && minutes <= 10 ? 'دقائق' : 'دقيقة'}.`,
  languageLabel: 'اللغة',
  queuePosition: (position) => `ترتيبك في قائمة الانتظار: ${position}.`,
  leaveQueue: 'مغادرة قائمة الانتظار',
  whileYouWait: 'أثناء الانتظار، يمكنك إن أردت أن تخبر المتطوع بشيء قليل عن وضعك.',
  topicLabel: 'أكتب بصفتي',
  topic: (topic) =>
    ({
      victim: 'الشخص الذي تعرّض لذلك',
      witness: 'شاهدًا',
      relative: 'قريبًا أو صديقًا',
      other: 'شيئًا آخر',
    })[topic],
  preferredLanguage: 'اللغة التي أفضّل الكتابة بها',
  noPreference: 'لا تفضيل',
  detailsSaved: 'شكرًا، سيرى المتطوع هذا عندما تبدأ الدردشة.',
  reconnecting: 'جارٍ إعادة الاتصال…',
  resumed: 'لقد عدت إلى دردشتك.',
  handedOver: (alias) => `تم تحويل الدردشة. أنت تتحدث الآن مع ${alias}.`,
  counsellorAway: 'انقطع اتصال المتطوع. يُرجى الانتظار: ستُرسَل رسائلك عند عودته.',
  counsellorBack: 'عاد المتطوع.',
  unverified:
    'لم نتمكن من التأكد من أنه المتطوع نفسه. قارن كلمات الأمان معه قبل أن تكتب أي شيء خاص.',
  shareQuestion: (alias) =>
    `سيتولى ${alias} الدردشة. هل يمكن لـ ${alias} قراءة ما كتبتموه حتى الآن؟`,
  shareYes: 'نعم، شارك المحادثة',
  shareNo: 'لا، ابدأ من جديد',
  shared: 'تم إرسال المحادثة حتى الآن إلى المتطوع الجديد.',
  kept: 'يرى المتطوع الجديد فقط ما يُكتب من الآن فصاعدًا.',
  requeued:
    'لم يعد المتطوع. أنت في قائمة الانتظار مرة أخرى، في المكان نفسه. سيتولى المحادثة أول متطوع متاح.',
  handedBack:
    'حوّل المتطوع دردشتك. أنت في قائمة الانتظار مرة أخرى، في المكان نفسه. سيتولى المحادثة أول متطوع متاح.',
  showSafetyWords: 'إظهار كلمات الأمان',
  hideSafetyWords: 'إخفاء كلمات الأمان',
  rateQuestion: 'هل ساعدتك الدردشة؟',
  rate: (score) => ({ 1: 'لا', 2: 'إلى حدٍّ ما', 3: 'نعم' })[score],
  rateThanks: 'شكرًا على إجابتك.',
  keying: 'جارٍ إعداد دردشة مشفّرة…',
  talkingWith: (alias) => `أنت تتحدث مع ${alias}.`,
  safetyWords: 'كلمات الأمان',
  safetyWordsHint: 'يرى المتطوع الكلمات نفسها. اتصل بنا إذا أردت التحقق منها.',
  messages: 'الرسائل',
  you: 'أنت',
  counsellor: 'المتطوع',
  message: 'الرسالة',
  send: 'إرسال',
  endChat: 'إنهاء الدردشة',
  confirmEndTitle: 'هل تريد إنهاء الدردشة؟',
  confirmEndText: 'بعد ذلك لن تتمكن أنت والمتطوع من الكتابة لبعضكما في هذه الدردشة مرة أخرى.',
  keepChatting: 'متابعة الدردشة',
  announceMessage: (alias, text) => `رسالة من ${alias}: ${text}`,
  sending: 'جارٍ الإرسال…',
  sent: 'تم التسليم',
  failed: 'لم تُرسَل',
  retry: 'إعادة المحاولة',
  typing: (alias) => `${alias} يكتب…`,
  ended: 'انتهت الدردشة.',
  endReason: (reason) =>
    ({
      ended_by_visitor: 'لقد أنهيت الدردشة.',
      ended_by_counsellor: 'أنهى المتطوع الدردشة.',
      visitor_disconnected: 'انقطع الاتصال.',
      counsellor_disconnected: 'انقطع اتصال المتطوع.',
      server_shutdown: 'تتم إعادة تشغيل الخدمة.',
      transferred: 'تم تحويل الدردشة.',
    })[reason],
  close: 'إغلاق',
  mailboxOffer: (days) =>
    `اكتب إلينا: نرد خلال ${days} ${days >= 3 && days <= 10 ? 'أيام' : 'يوم'}.`,
  writeToUs: 'اكتب إلينا',
  writeInstead: 'غادر قائمة الانتظار واكتب إلينا',
  haveCode: 'لديّ رمز',
  error: (code, phone) =>
    ({
      queue_full: `قائمة الانتظار ممتلئة الآن. يُرجى الاتصال بالرقم ${ltr(phone)} بدلًا من ذلك.`,
      closed: `الدردشة لا تستقبل محادثات جديدة الآن. يُرجى الاتصال بالرقم ${ltr(phone)} بدلًا من ذلك.`,
      unavailable: `الدردشة غير متاحة الآن. يمكنك الاتصال بالرقم ${ltr(phone)}. في حالة الطوارئ اتصل بالرقم 112.`,
      rate_limited: 'محاولات كثيرة جدًا. انتظر قليلًا ثم حاول مرة أخرى.',
      network: 'لا يوجد اتصال. تحقق من الإنترنت وحاول مرة أخرى.',
    })[code as string] ?? 'حدث خطأ ما. حاول مرة أخرى أو اتصل بنا.',
};
