/**
 * Countries and large regions a member may name. A question naming one the reports never
 * mention asks about something they do not cover ("how much cobalt does indonesia produce"),
 * even typed in lower case, where capitals cannot show it is a name.
 */
export const PLACES: readonly string[] =
  `afghanistan,albania,algeria,andorra,angola,argentina,armenia,australia,austria,azerbaijan,bahamas,bahrain,
bangladesh,barbados,belarus,belgium,belize,benin,bhutan,bolivia,bosnia,botswana,brazil,brunei,bulgaria,
burkina faso,burundi,cambodia,cameroon,canada,chad,chile,china,colombia,comoros,congo,costa rica,croatia,cuba,
cyprus,czechia,czech republic,denmark,djibouti,dominica,ecuador,egypt,el salvador,eritrea,estonia,eswatini,
ethiopia,fiji,finland,france,gabon,gambia,georgia,germany,ghana,greece,greenland,grenada,guatemala,guinea,
guyana,haiti,honduras,hungary,iceland,india,indonesia,iran,iraq,ireland,israel,italy,jamaica,japan,jordan,
kazakhstan,kenya,kiribati,kosovo,kuwait,kyrgyzstan,laos,latvia,lebanon,lesotho,liberia,libya,liechtenstein,
lithuania,luxembourg,madagascar,malawi,malaysia,maldives,mali,malta,mauritania,mauritius,mexico,micronesia,
moldova,monaco,mongolia,montenegro,morocco,mozambique,myanmar,burma,namibia,nauru,nepal,netherlands,holland,
new zealand,nicaragua,niger,nigeria,north korea,norway,oman,pakistan,palau,palestine,panama,papua new guinea,
paraguay,peru,philippines,poland,portugal,qatar,romania,russia,rwanda,samoa,san marino,saudi arabia,senegal,
serbia,seychelles,sierra leone,singapore,slovakia,slovenia,somalia,south africa,south korea,south sudan,spain,
sri lanka,sudan,suriname,sweden,switzerland,syria,taiwan,tajikistan,tanzania,thailand,togo,tonga,trinidad,
tunisia,turkey,turkmenistan,tuvalu,uganda,ukraine,united arab emirates,uae,united kingdom,britain,
great britain,england,scotland,wales,united states,usa,america,uruguay,uzbekistan,vanuatu,venezuela,vietnam,
yemen,zambia,zimbabwe,europe,africa,asia,antarctica,latin america,middle east,scandinavia,siberia,tibet,
hong kong`
    .split(',')
    .map((p) => p.trim());
